import dev.sextant.client.Run;
import dev.sextant.client.Sextant;
import java.util.Map;
import java.util.Random;

/**
 * Trains a logistic regression with mini-batch gradient descent on generated, linearly separable-ish
 * data and logs the loss and accuracy to a Sextant server. See README.md next to this file.
 */
public class LogisticRegression {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("SEXTANT_URL", "http://127.0.0.1:5055");
        int features = 20;
        int samples = 5_000;
        int epochs = 30;
        int batchSize = 50;
        double learningRate = 0.1;
        var random = new Random(42);

        // Ground truth: a random weight vector; labels come from it plus noise.
        double[] truth = new double[features];
        for (int j = 0; j < features; j++) truth[j] = random.nextGaussian();
        double[][] x = new double[samples][features];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            double z = 0;
            for (int j = 0; j < features; j++) {
                x[i][j] = random.nextGaussian();
                z += truth[j] * x[i][j];
            }
            y[i] = sigmoid(z + random.nextGaussian() * 0.5) > 0.5 ? 1 : 0;
        }
        int trainSize = samples * 4 / 5;

        var config = Map.of("model", Map.of("type", "logistic_regression", "features", features),
                "optimizer", Map.of("name", "sgd", "lr", learningRate, "batch_size", batchSize), "epochs", epochs);
        try (Sextant sextant = Sextant.connect(url)) {
            sextant.run("examples/logistic-regression", config, run -> {
                run.setTag("dataset", "synthetic-" + samples);
                double[] w = new double[features];
                double b = 0;
                long step = 0;
                for (int epoch = 0; epoch < epochs; epoch++) {
                    for (int start = 0; start < trainSize; start += batchSize) {
                        int end = Math.min(start + batchSize, trainSize);
                        double[] gradW = new double[features];
                        double gradB = 0;
                        double loss = 0;
                        for (int i = start; i < end; i++) {
                            double p = sigmoid(dot(w, x[i]) + b);
                            loss += -(y[i] * Math.log(p + 1e-12) + (1 - y[i]) * Math.log(1 - p + 1e-12));
                            for (int j = 0; j < features; j++) gradW[j] += (p - y[i]) * x[i][j];
                            gradB += p - y[i];
                        }
                        int n = end - start;
                        for (int j = 0; j < features; j++) w[j] -= learningRate * gradW[j] / n;
                        b -= learningRate * gradB / n;
                        run.log("train/loss", loss / n, step++);
                    }
                    run.log(Map.of("val/loss", loss(w, b, x, y, trainSize, samples),
                            "val/accuracy", accuracy(w, b, x, y, trainSize, samples),
                            "train/accuracy", accuracy(w, b, x, y, 0, trainSize)), epoch);
                }
                System.out.printf("run %s: validation accuracy %.3f%n", run.id(), accuracy(w, b, x, y, trainSize, samples));
            });
        }
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double loss(double[] w, double b, double[][] x, int[] y, int from, int to) {
        double total = 0;
        for (int i = from; i < to; i++) {
            double p = sigmoid(dot(w, x[i]) + b);
            total += -(y[i] * Math.log(p + 1e-12) + (1 - y[i]) * Math.log(1 - p + 1e-12));
        }
        return total / (to - from);
    }

    private static double accuracy(double[] w, double b, double[][] x, int[] y, int from, int to) {
        int correct = 0;
        for (int i = from; i < to; i++) if ((sigmoid(dot(w, x[i]) + b) > 0.5 ? 1 : 0) == y[i]) correct++;
        return (double) correct / (to - from);
    }
}

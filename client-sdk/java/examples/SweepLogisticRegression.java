import dev.sextant.client.Sextant;
import dev.sextant.client.Trial;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A Bayesian sweep over a logistic regression (learning rate, batch size, L2 weight), run by the server: this
 * process is one agent; start more (with the printed sweep id as second argument) to share the work.
 * See README.md next to this file.
 */
public class SweepLogisticRegression {
    static final int FEATURES = 10;
    static final double[][] X = new double[2_000][FEATURES];
    static final int[] Y = new int[X.length];

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("SEXTANT_URL", "http://127.0.0.1:5055");
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        makeData(new Random(42));
        try (Sextant sextant = Sextant.connect(url)) {
            String sweepId = args.length > 1 && !args[1].isBlank() ? args[1] : sextant.createSweep("0", "java-logreg-sweep", Map.of(
                    "method", "bayes",
                    "metric", Map.of("name", "val/loss", "goal", "minimize"),
                    "parameters", Map.of(
                            "lr", Map.of("distribution", "log_uniform", "min", 1e-3, "max", 3.0),
                            "batch_size", Map.of("values", List.of(16, 32, 64)),
                            "l2", Map.of("distribution", "log_uniform", "min", 1e-5, "max", 1e-1)),
                    "early_terminate", Map.of("type", "hyperband", "min_iter", 2, "eta", 2)));
            System.out.println("sweep " + sweepId);
            int ran = sextant.agent(sweepId, count, SweepLogisticRegression::train);
            System.out.println(ran + " trials ran; open the sweep in the UI: " + url + "/#/sweeps/" + sweepId);
        }
    }

    /** One trial: the server chose the config and created the run; log to it, and stop when the sweep says so. */
    static void train(Trial trial) {
        double lr = ((Number) trial.config().get("lr")).doubleValue();
        double l2 = ((Number) trial.config().get("l2")).doubleValue();
        int batch = ((Number) trial.config().get("batch_size")).intValue();
        int train = X.length * 4 / 5;
        double[] w = new double[FEATURES];
        for (int epoch = 0; epoch < 10 && !trial.shouldStop(); epoch++) {
            for (int start = 0; start < train; start += batch) {
                double[] grad = new double[FEATURES];
                int end = Math.min(train, start + batch);
                for (int i = start; i < end; i++) {
                    double error = sigmoid(dot(w, X[i])) - Y[i];
                    for (int j = 0; j < FEATURES; j++) grad[j] += error * X[i][j];
                }
                for (int j = 0; j < FEATURES; j++) w[j] -= lr * (grad[j] / (end - start) + l2 * w[j]);
            }
            double loss = 0;
            for (int i = train; i < X.length; i++) {
                double p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(dot(w, X[i]))));
                loss -= Y[i] == 1 ? Math.log(p) : Math.log(1 - p);
            }
            trial.run().log("val/loss", loss / (X.length - train), epoch);
        }
    }

    static void makeData(Random random) {
        double[] truth = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) truth[j] = random.nextGaussian();
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < FEATURES; j++) X[i][j] = random.nextGaussian();
            Y[i] = dot(truth, X[i]) + random.nextGaussian() * 0.8 > 0 ? 1 : 0;
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) sum += a[j] * b[j];
        return sum;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}

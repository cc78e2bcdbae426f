package dev.sextant.server.sweep;

import java.util.SplittableRandom;

/**
 * Gaussian-process regression with a Matérn-5/2 kernel, one length scale per input (ARD), and the amplitude and
 * noise fitted by maximising the marginal likelihood (amplitude profiled out in closed form). Inputs live in the
 * unit cube; outputs are standardised. Not thread-safe; cheap for a few hundred points.
 */
final class GaussianProcess {
    private static final double[] NOISE_LEVELS = {1e-6, 1e-4, 1e-3, 1e-2, 1e-1};

    private final double[][] x;
    private final double[] y;
    private double[] lengthScales;
    private double noise;
    private double amplitude;
    private double[][] cholesky;
    private double[] alpha;

    private GaussianProcess(double[][] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /** Fits the hyperparameters with a seeded random search followed by coordinate refinement in log space. */
    static GaussianProcess fit(double[][] x, double[] y, SplittableRandom random) {
        var gp = new GaussianProcess(x, y);
        int d = x[0].length;
        double[] bestScales = filled(d, 0.3);
        double bestNoise = 1e-4;
        double best = gp.logLikelihood(bestScales, bestNoise);
        for (int trial = 0; trial < 40; trial++) {
            var scales = new double[d];
            for (int i = 0; i < d; i++) scales[i] = Math.exp(Math.log(0.03) + random.nextDouble() * Math.log(3 / 0.03));
            double noise = NOISE_LEVELS[random.nextInt(NOISE_LEVELS.length)];
            double value = gp.logLikelihood(scales, noise);
            if (value > best) {
                best = value;
                bestScales = scales;
                bestNoise = noise;
            }
        }
        for (double factor : new double[] {2.0, 1.41, 1.19}) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < d; i++) {
                    for (double move : new double[] {factor, 1 / factor}) {
                        var scales = bestScales.clone();
                        scales[i] = Math.min(20, Math.max(0.005, scales[i] * move));
                        double value = gp.logLikelihood(scales, bestNoise);
                        if (value > best) {
                            best = value;
                            bestScales = scales;
                        }
                    }
                }
                for (double noise : NOISE_LEVELS) {
                    double value = gp.logLikelihood(bestScales, noise);
                    if (value > best) {
                        best = value;
                        bestNoise = noise;
                    }
                }
            }
        }
        gp.condition(bestScales, bestNoise);
        return gp;
    }

    /** Posterior mean and standard deviation at {@code point}. */
    double[] predict(double[] point) {
        int n = x.length;
        var k = new double[n];
        for (int i = 0; i < n; i++) k[i] = kernel(point, x[i], lengthScales);
        double mean = 0;
        for (int i = 0; i < n; i++) mean += k[i] * alpha[i];
        var v = forward(cholesky, k);
        double explained = 0;
        for (double value : v) explained += value * value;
        double variance = amplitude * Math.max(1e-12, 1 - explained);
        return new double[] {mean, Math.sqrt(variance)};
    }

    /** Log marginal likelihood with the amplitude at its maximum, σ² = yᵀK⁻¹y / n; −∞ when K is not positive. */
    private double logLikelihood(double[] scales, double noiseLevel) {
        var lower = choleskyOf(scales, noiseLevel);
        if (lower == null) return Double.NEGATIVE_INFINITY;
        int n = y.length;
        var z = forward(lower, y);
        double quadratic = 0;
        for (double value : z) quadratic += value * value;
        double logDet = 0;
        for (int i = 0; i < n; i++) logDet += 2 * Math.log(lower[i][i]);
        double sigma2 = Math.max(1e-12, quadratic / n);
        // A weak log-normal prior on the length scales keeps a few points from fitting absurd scales.
        double prior = 0;
        for (double scale : scales) prior -= Math.pow(Math.log(scale / 0.5), 2) / (2 * 1.5 * 1.5);
        return -0.5 * (n * Math.log(sigma2) + logDet) + prior;
    }

    private void condition(double[] scales, double noiseLevel) {
        lengthScales = scales;
        noise = noiseLevel;
        var lower = choleskyOf(scales, noiseLevel);
        while (lower == null) {
            noise *= 10;
            lower = choleskyOf(scales, noise);
        }
        cholesky = lower;
        var z = forward(lower, y);
        double quadratic = 0;
        for (double value : z) quadratic += value * value;
        amplitude = Math.max(1e-12, quadratic / y.length);
        alpha = backward(lower, z);
    }

    /** Lower Cholesky factor of K(scales) + noise·I (unit amplitude), or null when it is not positive definite. */
    private double[][] choleskyOf(double[] scales, double noiseLevel) {
        int n = x.length;
        var lower = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = kernel(x[i], x[j], scales) + (i == j ? noiseLevel : 0);
                var li = lower[i];
                var lj = lower[j];
                for (int k = 0; k < j; k++) sum -= li[k] * lj[k];
                if (i == j) {
                    if (sum <= 0) return null;
                    li[i] = Math.sqrt(sum);
                } else {
                    li[j] = sum / lj[j];
                }
            }
        }
        return lower;
    }

    private static double kernel(double[] a, double[] b, double[] scales) {
        double r2 = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = (a[i] - b[i]) / scales[i];
            r2 += diff * diff;
        }
        double r = Math.sqrt(5 * r2);
        return (1 + r + r * r / 3) * Math.exp(-r);
    }

    private static double[] forward(double[][] lower, double[] b) {
        int n = b.length;
        var z = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= lower[i][k] * z[k];
            z[i] = sum / lower[i][i];
        }
        return z;
    }

    private static double[] backward(double[][] lower, double[] z) {
        int n = z.length;
        var a = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) sum -= lower[k][i] * a[k];
            a[i] = sum / lower[i][i];
        }
        return a;
    }

    private static double[] filled(int n, double value) {
        var array = new double[n];
        java.util.Arrays.fill(array, value);
        return array;
    }
}

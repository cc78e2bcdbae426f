package dev.sextant.server.analysis;

/**
 * Student's t distribution: the regularized incomplete beta function I_x(a, b) by its continued fraction
 * (modified Lentz), and the quantile by inverting it with bisection refined by Newton steps, to about 1e-14
 * relative. Pure and thread-safe.
 */
public final class StudentT {
    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;

    private StudentT() {}

    /** The p-quantile of t with {@code df} degrees of freedom (df ≥ 1, 0 < p < 1). */
    public static double quantile(double p, double df) {
        if (!(df > 0)) throw new IllegalArgumentException("degrees of freedom must be > 0, got " + df);
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        if (p == 0.5) return 0;
        // P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2): find that x for the two-sided tail 2·min(p, 1-p).
        double tail = 2 * Math.min(p, 1 - p);
        double x = inverseRegularizedBeta(tail, df / 2, 0.5);
        double t = Math.sqrt(df * (1 / x - 1));
        return p < 0.5 ? -t : t;
    }

    /** The cumulative distribution function P(T ≤ t). */
    public static double cdf(double t, double df) {
        double x = df / (df + t * t);
        double tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
        return t > 0 ? 1 - tail : tail;
    }

    /** I_x(a, b), the regularized incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
        // The continued fraction converges quickly for x < (a+1)/(a+b+2); use the symmetry otherwise.
        if (x < (a + 1) / (a + b + 2)) return Math.exp(logFront) * continuedFraction(x, a, b) / a;
        return 1 - Math.exp(logFront) * continuedFraction(1 - x, b, a) / b;
    }

    private static double continuedFraction(double x, double a, double b) {
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        if (Math.abs(d) < TINY) d = TINY;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + even * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = 1 + even / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + odd * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = 1 + odd / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) break;
        }
        return h;
    }

    /** The x with I_x(a, b) = target: bisection keeps a bracket, Newton steps inside it converge fast. */
    static double inverseRegularizedBeta(double target, double a, double b) {
        double low = 0;
        double high = 1;
        double x = 0.5;
        double logBeta = logBeta(a, b);
        for (int i = 0; i < 300; i++) {
            double value = regularizedBeta(x, a, b) - target;
            if (value == 0) return x;
            if (value < 0) low = x;
            else high = x;
            double density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta);
            double next = x - value / density;
            if (!(next > low && next < high)) next = (low + high) / 2;
            if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300)) return next;
            x = next;
        }
        return x;
    }

    static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /** ln Γ(x) for x > 0 by Lanczos' approximation (g = 7, n = 9), about 15 correct digits. */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        double[] coefficients = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        x -= 1;
        double sum = coefficients[0];
        for (int i = 1; i < coefficients.length; i++) sum += coefficients[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}

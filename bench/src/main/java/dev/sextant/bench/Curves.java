package dev.sextant.bench;

import java.util.Random;

/**
 * The series the compression benchmarks measure: a noisy loss curve logged every step with millisecond
 * timestamps (a step every ~50 ms, jitter of σ = 2 ms), at full float64 precision or rounded through float32
 * (what {@code tensor.item()} of a float32 gives), and a constant. Seeded, so every run sees the same points.
 */
final class Curves {
    enum Kind { FLOAT64, FLOAT32, CONSTANT }

    static final long START_MS = 1_764_000_000_000L;

    private final Kind kind;
    private final Random random;
    private long timestampMs = START_MS;

    Curves(Kind kind, long seed) {
        this.kind = kind;
        this.random = new Random(seed);
    }

    /** The value at {@code step}; call with steps in order, as it also advances the clock. */
    double value(long step) {
        timestampMs += 50 + Math.round(random.nextGaussian() * 2);
        double loss = 0.3 + 2.2 * Math.exp(-step / 30_000.0);
        double noisy = loss * (1 + 0.05 * random.nextGaussian());
        return switch (kind) {
            case FLOAT64 -> noisy;
            case FLOAT32 -> (float) noisy;
            case CONSTANT -> 0.125;
        };
    }

    long timestampMs() {
        return timestampMs;
    }
}

package dev.sextant.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * min(max, initial * 2^n), so many clients retrying together spread out.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial backoff must be > 0");
        if (max.compareTo(initial) < 0) throw new IllegalArgumentException("max backoff must be >= initial");
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** The delay before retry number {@code attempt} (0 = the first retry), in milliseconds. */
    public long delayMs(int attempt, RandomGenerator random) {
        long ceiling = ceilingMs(attempt);
        long half = ceiling / 2;
        return half + (long) (random.nextDouble() * (ceiling - half + 1));
    }

    long ceilingMs(int attempt) {
        long initialMs = initial.toMillis();
        long maxMs = max.toMillis();
        int shift = Math.min(Math.max(attempt, 0), 30);
        long grown = initialMs << shift;
        return grown <= 0 || grown > maxMs ? maxMs : grown;
    }
}

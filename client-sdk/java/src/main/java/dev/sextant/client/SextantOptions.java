package dev.sextant.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Sextant} client behaves. {@link #fromEnvironment} reads SEXTANT_URL, SEXTANT_TOKEN,
 * SEXTANT_MODE (online | offline) and SEXTANT_SPOOL_DIR; a {@link Sextant.Builder} overrides any of it.
 *
 * @param url                    server base URL, e.g. http://127.0.0.1:5055
 * @param token                  bearer token sent as Authorization, or null
 * @param offline                spool whole runs locally and send nothing until {@link Sextant#sync()}
 * @param spoolDir               where run spools live (one folder per run id)
 * @param batchSize              points per request (at most 100,000, the server's limit)
 * @param bufferCapacity         points held in memory before {@code log} blocks (back-pressure)
 * @param flushInterval          the longest a point waits before it is sent
 * @param systemMetricsInterval  sampling period of system/* metrics; zero turns them off
 * @param closeTimeout           how long closing a run waits for its points to reach the server
 * @param requestTimeout         one HTTP request's timeout
 * @param backoff                retry delays while the server is unreachable
 */
public record SextantOptions(String url, String token, boolean offline, Path spoolDir, int batchSize, int bufferCapacity,
                             Duration flushInterval, Duration systemMetricsInterval, Duration closeTimeout,
                             Duration requestTimeout, Backoff backoff) {
    public static final String DEFAULT_URL = "http://127.0.0.1:5055";
    public static final int MAX_BATCH_SIZE = 100_000;

    public SextantOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(spoolDir, "spoolDir");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        if (bufferCapacity < batchSize) {
            throw new IllegalArgumentException("bufferCapacity (" + bufferCapacity + ") must be >= batchSize (" + batchSize + ")");
        }
        requirePositive("flushInterval", flushInterval);
        requirePositive("closeTimeout", closeTimeout);
        requirePositive("requestTimeout", requestTimeout);
        if (systemMetricsInterval.isNegative()) throw new IllegalArgumentException("systemMetricsInterval must be >= 0");
        Objects.requireNonNull(backoff, "backoff");
    }

    /** Defaults, with the SEXTANT_* variables of {@code env} applied. */
    public static SextantOptions fromEnvironment(Map<String, String> env) {
        String home = System.getProperty("user.home");
        return new SextantOptions(
                env.getOrDefault("SEXTANT_URL", DEFAULT_URL),
                env.get("SEXTANT_TOKEN"),
                "offline".equalsIgnoreCase(env.getOrDefault("SEXTANT_MODE", "online")),
                Path.of(env.getOrDefault("SEXTANT_SPOOL_DIR", Path.of(home, ".sextant", "spool").toString())),
                10_000,
                200_000,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Backoff.standard());
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) throw new IllegalArgumentException(name + " must be > 0");
    }
}

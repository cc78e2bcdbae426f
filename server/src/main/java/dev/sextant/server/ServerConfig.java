package dev.sextant.server;

import dev.sextant.server.artifact.S3Settings;
import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.Limits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server needs to start. {@code database} is a file path, {@code sqlite:PATH} or a JDBC
 * URL; {@code artifacts} is a folder or {@code s3://bucket/prefix}, reached with {@code s3} settings.
 * {@code maxRequestBytes} caps metric batch bodies; {@code maxArtifactBytes} caps one streamed artifact upload;
 * {@code limits} holds the rest (JSON bodies, points per batch, key/value/filter lengths), see {@link Limits}.
 */
public record ServerConfig(String host, int port, Path dataDir, String database, String artifacts, long maxRequestBytes,
                           S3Settings s3, long maxArtifactBytes, Limits limits, Duration shutdownTimeout, MetricsSettings metrics) {

    /**
     * {@code enabled}: serve /metrics and record them (off: /metrics answers 404 and nothing is counted);
     * {@code token}: a secret that reads /metrics (and nothing else), or null.
     */
    public record MetricsSettings(boolean enabled, String token) {
        public static final MetricsSettings ON = new MetricsSettings(true, null);
    }

    /** How long a stop (SIGTERM) waits for in-flight requests before closing the database anyway. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public ServerConfig {
        limits = (limits == null ? Limits.DEFAULTS : limits).withMaxMetricBodyBytes(maxRequestBytes);
        if (shutdownTimeout == null) shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        if (metrics == null) metrics = MetricsSettings.ON;
    }

    public ServerConfig(String host, int port, Path dataDir, String database, String artifacts, long maxRequestBytes,
                        S3Settings s3, long maxArtifactBytes, Limits limits, Duration shutdownTimeout) {
        this(host, port, dataDir, database, artifacts, maxRequestBytes, s3, maxArtifactBytes, limits, shutdownTimeout, null);
    }

    public ServerConfig(String host, int port, Path dataDir, String database, String artifacts, long maxRequestBytes,
                        S3Settings s3, long maxArtifactBytes) {
        this(host, port, dataDir, database, artifacts, maxRequestBytes, s3, maxArtifactBytes, Limits.DEFAULTS, null);
    }

    public static final long DEFAULT_MAX_REQUEST_BYTES = 64L * 1024 * 1024;

    /** Without S3 settings, and the default artifact size limit. */
    public ServerConfig(String host, int port, Path dataDir, String database, String artifacts, long maxRequestBytes) {
        this(host, port, dataDir, database, artifacts, maxRequestBytes, S3Settings.none(),
                ArtifactService.DEFAULT_MAX_ARTIFACT_BYTES);
    }

    /** Embedded defaults under one folder: an SQLite file and a local artifact folder. */
    public static ServerConfig embedded(String host, int port, Path dataDir) {
        return new ServerConfig(host, port, dataDir, dataDir.resolve("sextant.db").toString(),
                dataDir.resolve("artifacts").toString(), DEFAULT_MAX_REQUEST_BYTES);
    }

    public ServerConfig withArtifacts(String artifactRoot, S3Settings s3Settings, long maxArtifactSize) {
        return new ServerConfig(host, port, dataDir, database, artifactRoot, maxRequestBytes, s3Settings, maxArtifactSize, limits, shutdownTimeout, metrics);
    }

    /** The same settings with other limits; the metric batch body limit comes from {@code newLimits}. */
    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(host, port, dataDir, database, artifacts, newLimits.maxMetricBodyBytes(), s3, maxArtifactBytes,
                newLimits, shutdownTimeout, metrics);
    }

    public ServerConfig withShutdownTimeout(Duration timeout) {
        return new ServerConfig(host, port, dataDir, database, artifacts, maxRequestBytes, s3, maxArtifactBytes, limits, timeout, metrics);
    }

    public ServerConfig withMetrics(MetricsSettings settings) {
        return new ServerConfig(host, port, dataDir, database, artifacts, maxRequestBytes, s3, maxArtifactBytes, limits,
                shutdownTimeout, settings);
    }
}

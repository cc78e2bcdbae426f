package dev.sextant.server;

import dev.sextant.server.artifact.S3Settings;
import dev.sextant.server.service.Limits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the server needs to start. {@code database} is a file path, {@code sqlite:PATH} or a JDBC
 * URL; {@code artifacts} is a folder or {@code s3://bucket/prefix}, reached with {@code s3} settings.
 * {@code limits} holds every input limit (JSON, metric batch and artifact upload bodies, points per batch,
 * key/value/filter lengths), see {@link Limits}.
 */
public record ServerConfig(String host, int port, Path dataDir, String database, String artifacts,
                           S3Settings s3, Limits limits, Duration shutdownTimeout, MetricsSettings metrics) {

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
        java.util.Objects.requireNonNull(limits, "limits");
        if (shutdownTimeout == null) shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        if (metrics == null) metrics = MetricsSettings.ON;
    }

    /** Without S3 settings, with the default limits. */
    public ServerConfig(String host, int port, Path dataDir, String database, String artifacts) {
        this(host, port, dataDir, database, artifacts, S3Settings.none(), Limits.DEFAULTS, null, null);
    }

    /** Embedded defaults under one folder: an SQLite file and a local artifact folder. */
    public static ServerConfig embedded(String host, int port, Path dataDir) {
        return new ServerConfig(host, port, dataDir, dataDir.resolve("sextant.db").toString(),
                dataDir.resolve("artifacts").toString());
    }

    public ServerConfig withArtifacts(String artifactRoot, S3Settings s3Settings) {
        return new ServerConfig(host, port, dataDir, database, artifactRoot, s3Settings, limits, shutdownTimeout, metrics);
    }

    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(host, port, dataDir, database, artifacts, s3, newLimits, shutdownTimeout, metrics);
    }

    public ServerConfig withShutdownTimeout(Duration timeout) {
        return new ServerConfig(host, port, dataDir, database, artifacts, s3, limits, timeout, metrics);
    }

    public ServerConfig withMetrics(MetricsSettings settings) {
        return new ServerConfig(host, port, dataDir, database, artifacts, s3, limits, shutdownTimeout, settings);
    }
}

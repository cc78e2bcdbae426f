package dev.sextant.server;

import dev.sextant.server.cli.SyncCommand;
import dev.sextant.server.cli.ChartCommand;
import dev.sextant.server.cli.TokenCommand;
import dev.sextant.server.cli.BackupCommand;
import dev.sextant.server.cli.RestoreCommand;
import dev.sextant.server.cli.ImportCommand;
import dev.sextant.server.cli.ExportCommand;
import dev.sextant.server.cli.StatsCommand;
import dev.sextant.server.cli.CompactCommand;
import dev.sextant.server.artifact.S3CredentialsFile;
import dev.sextant.server.logging.LogFormat;
import dev.sextant.server.logging.LogSetup;
import dev.sextant.server.artifact.S3Settings;
import dev.sextant.server.service.InputRules;
import dev.sextant.server.service.Limits;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.store.StoreFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The sextant command: with no subcommand it runs the server with embedded defaults. */
@Command(name = "sextant", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {SyncCommand.class, ChartCommand.class, TokenCommand.class, BackupCommand.class, RestoreCommand.class,
                ImportCommand.class, ExportCommand.class, StatsCommand.class, CompactCommand.class},
        description = "Self-hosted experiment tracking server.")
public final class Main implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "${env:SEXTANT_HOST:-127.0.0.1}",
            description = "Address to listen on (env SEXTANT_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:SEXTANT_PORT:-5055}",
            description = "Port to listen on (env SEXTANT_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "${env:SEXTANT_DATA_DIR:-sextant-data}",
            description = "Folder for the embedded database and artifacts (env SEXTANT_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", defaultValue = "${env:SEXTANT_DB}",
            description = "Database: a file path, sqlite:PATH or a JDBC URL (env SEXTANT_DB, default DATA_DIR/sextant.db).")
    String database;

    @Option(names = "--artifacts", defaultValue = "${env:SEXTANT_ARTIFACTS}",
            description = "Artifact root: a folder or s3://bucket/prefix (env SEXTANT_ARTIFACTS, default DATA_DIR/artifacts).")
    String artifacts;

    @Option(names = "--s3-endpoint", defaultValue = "${env:SEXTANT_S3_ENDPOINT}",
            description = "S3-compatible endpoint, e.g. http://minio:9000 (env SEXTANT_S3_ENDPOINT, default AWS).")
    String s3Endpoint;

    @Option(names = "--s3-region", defaultValue = "${env:AWS_REGION}",
            description = "S3 region (env AWS_REGION, default us-east-1).")
    String s3Region;

    @Option(names = "--s3-path-style", arity = "0..1", fallbackValue = "true", defaultValue = "${env:SEXTANT_S3_PATH_STYLE}",
            description = "Path-style bucket URLs (env SEXTANT_S3_PATH_STYLE; default: on for a custom endpoint, off for AWS).")
    Boolean s3PathStyle;

    @Option(names = "--s3-credentials-file", defaultValue = "${env:SEXTANT_S3_CREDENTIALS_FILE}",
            description = "AWS-style credentials file; otherwise env AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
    Path s3CredentialsFile;

    @Option(names = "--max-artifact-size", defaultValue = "${env:SEXTANT_MAX_ARTIFACT_SIZE:-" + Limits.DEFAULT_MAX_ARTIFACT_BYTES + "}",
            description = "Largest single artifact upload, in bytes or with k/m/g suffix (env SEXTANT_MAX_ARTIFACT_SIZE, default ${DEFAULT-VALUE}).")
    String maxArtifactSize;

    @Option(names = "--auth-tokens", defaultValue = "${env:SEXTANT_AUTH_TOKENS_FILE}",
            description = "Tokens file (env SEXTANT_AUTH_TOKENS_FILE); when set, every request needs a token. See `sextant token`.")
    Path authTokens;

    @Option(names = "--max-json-body", defaultValue = "${env:SEXTANT_MAX_JSON_BODY:-" + Limits.DEFAULT_MAX_JSON_BODY_BYTES + "}",
            description = "Largest JSON request body, bytes or k/m/g (env SEXTANT_MAX_JSON_BODY, default ${DEFAULT-VALUE}).")
    String maxJsonBody;

    @Option(names = "--max-metric-body", defaultValue = "${env:SEXTANT_MAX_METRIC_BODY:-" + Limits.DEFAULT_MAX_METRIC_BODY_BYTES + "}",
            description = "Largest native metric batch body, bytes or k/m/g (env SEXTANT_MAX_METRIC_BODY, default ${DEFAULT-VALUE}).")
    String maxMetricBody;

    @Option(names = "--max-points-per-batch", defaultValue = "${env:SEXTANT_MAX_POINTS_PER_BATCH:-" + MetricService.MAX_POINTS_PER_BATCH + "}",
            description = "Most metric points in one batch (env SEXTANT_MAX_POINTS_PER_BATCH, default ${DEFAULT-VALUE}).")
    int maxPointsPerBatch;

    @Option(names = "--max-key-length", defaultValue = "${env:SEXTANT_MAX_KEY_LENGTH:-" + InputRules.MAX_KEY_LENGTH + "}",
            description = "Longest metric, param or tag key (env SEXTANT_MAX_KEY_LENGTH, default ${DEFAULT-VALUE}).")
    int maxKeyLength;

    @Option(names = "--max-value-length", defaultValue = "${env:SEXTANT_MAX_VALUE_LENGTH:-" + InputRules.MAX_PARAM_VALUE_LENGTH + "}",
            description = "Longest param or tag value (env SEXTANT_MAX_VALUE_LENGTH, default ${DEFAULT-VALUE}).")
    int maxValueLength;

    @Option(names = "--max-filter-length", defaultValue = "${env:SEXTANT_MAX_FILTER_LENGTH:-" + Limits.DEFAULT_MAX_FILTER_LENGTH + "}",
            description = "Longest search filter or order_by clause (env SEXTANT_MAX_FILTER_LENGTH, default ${DEFAULT-VALUE}).")
    int maxFilterLength;

    @Option(names = "--shutdown-timeout", defaultValue = "${env:SEXTANT_SHUTDOWN_TIMEOUT:-30}",
            description = "Seconds to let in-flight requests finish on SIGTERM (env SEXTANT_SHUTDOWN_TIMEOUT, default ${DEFAULT-VALUE}).")
    int shutdownTimeoutSeconds;

    @Option(names = "--log-format", defaultValue = "${env:SEXTANT_LOG_FORMAT:-text}",
            description = "Log lines as text or json, one object a line for log shippers (env SEXTANT_LOG_FORMAT, default ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--log-level", defaultValue = "${env:SEXTANT_LOG_LEVEL:-info}",
            description = "Sextant's log level, then NAME=LEVEL entries for any logger, comma-separated, e.g. "
                    + "debug,org.eclipse.jetty=info or info,sextant.access=off (env SEXTANT_LOG_LEVEL, default ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--metrics", arity = "0..1", fallbackValue = "true", defaultValue = "${env:SEXTANT_METRICS:-true}",
            description = "Serve Prometheus metrics at /metrics and record them (env SEXTANT_METRICS, default ${DEFAULT-VALUE}).")
    boolean metrics;

    @Option(names = "--metrics-token", defaultValue = "${env:SEXTANT_METRICS_TOKEN}",
            description = "A secret that reads /metrics and nothing else; with auth on, read tokens work too (env SEXTANT_METRICS_TOKEN).")
    String metricsToken;

    @Override
    public Integer call() throws InterruptedException {
        LogFormat format;
        try {
            format = LogFormat.parse(logFormat);
            LogSetup.apply(format, logLevel);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Main()), e.getMessage());
        }
        var absoluteDataDir = dataDir.toAbsolutePath().normalize();
        var defaults = ServerConfig.embedded(host, port, absoluteDataDir);
        var keys = s3CredentialsFile != null ? S3CredentialsFile.read(s3CredentialsFile)
                : new String[] {System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY")};
        var s3 = S3Settings.of(s3Endpoint, s3Region, s3PathStyle, keys[0], keys[1]);
        var config = new ServerConfig(host, port, absoluteDataDir, database != null ? database : defaults.database(),
                artifacts != null ? artifacts : defaults.artifacts(), s3, limits(),
                java.time.Duration.ofSeconds(shutdownTimeoutSeconds), new ServerConfig.MetricsSettings(metrics, metricsToken));
        var server = Server.start(config, authTokens);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sextant-shutdown"));
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/";
        var banner = new java.util.LinkedHashMap<String, String>();
        banner.put("UI and API", url);
        banner.put("metadata", StoreFactory.describe(config.database()));
        banner.put("artifacts", server.artifactRoot());
        banner.put("auth", authTokens == null ? "off (no --auth-tokens)" : "tokens from " + authTokens);
        banner.put("metrics", !metrics ? "off (--metrics=false)" : url + "metrics" + (metricsToken != null ? " (metrics token set)" : ""));
        if (format == LogFormat.JSON) {
            // Log shippers read every line as JSON: the banner is one event with a field per line.
            var event = org.slf4j.LoggerFactory.getLogger(Main.class).atInfo();
            for (var line : banner.entrySet()) event = event.addKeyValue(line.getKey().replace(' ', '_').toLowerCase(java.util.Locale.ROOT), line.getValue());
            event.log("Sextant {} is running at {}", Server.version(), url);
        } else {
            System.out.println("Sextant " + Server.version() + " is running.");
            banner.forEach((name, value) -> System.out.printf("  %-13s%s%n", name + ":", value));
        }
        stopped.await();
        return 0;
    }

    Limits limits() {
        try {
            return new Limits(parseSize(maxJsonBody, "--max-json-body"),
                    parseSize(maxMetricBody, "--max-metric-body"), parseSize(maxArtifactSize, "--max-artifact-size"), maxPointsPerBatch, maxKeyLength, maxValueLength, maxFilterLength);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Main()), "limits must be at least 1");
        }
    }

    /** "200m" → 209715200; a plain number is bytes. */
    static long parseSize(String text, String option) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g' || last == 't') {
            unit = switch (last) { case 'k' -> 1L << 10; case 'm' -> 1L << 20; case 'g' -> 1L << 30; default -> 1L << 40; };
            value = value.substring(0, value.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(value), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Main()), option + " must be bytes or a number with k/m/g/t, got '" + text + "'");
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sextant " + Server.version()};
        }
    }
}

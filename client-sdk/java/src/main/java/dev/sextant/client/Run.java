package dev.sextant.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run being logged. {@code log} only stamps the time and enqueues (it blocks only when the in-memory
 * buffer is full, never on the network); a background sender delivers. Closing flushes with a bounded
 * wait and ends the run FINISHED; use {@link #finish} or {@link Sextant#run} to end it FAILED.
 * Thread-safe: any thread may log.
 */
public final class Run implements AutoCloseable {
    private final Sextant sextant;
    private final String id;
    private final String experiment;
    private final PointBuffer buffer;
    private final RunSender sender;
    private final RequestBodies bodies;
    private final Spool spool;
    private final SextantOptions options;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean closed;
    private SystemMetrics systemMetrics;
    private volatile SweepHeartbeat heartbeat;

    Run(Sextant sextant, String id, String experiment, HttpTransport transport, RequestBodies bodies, Spool spool,
        SextantOptions options) {
        this.sextant = sextant;
        this.id = id;
        this.experiment = experiment;
        this.bodies = bodies;
        this.spool = spool;
        this.options = options;
        this.buffer = new PointBuffer(options.bufferCapacity(), options.batchSize());
        this.sender = new RunSender(id, buffer, options.offline() ? null : transport, spool, bodies, options);
    }

    void start() {
        sender.start();
        systemMetrics = SystemMetrics.start(id, options.systemMetricsInterval(), (values, step) -> log(values, step));
    }

    void enqueue(SpoolEvent event) {
        sender.enqueue(event);
    }

    /** The run id: 32 lowercase hex digits, chosen by the client so a replayed create is harmless. */
    public String id() {
        return id;
    }

    public String experiment() {
        return experiment;
    }

    /** Logs one point, stamped with the current time. {@code step} must be >= 0. */
    public void log(String key, double value, long step) {
        requireOpen();
        checkPoint(key, step);
        buffer.add(key, value, step, System.currentTimeMillis());
    }

    /** Logs several metrics of one step, all with the same timestamp. */
    public void log(Map<String, ? extends Number> values, long step) {
        requireOpen();
        int count = values.size();
        var keys = new String[count];
        var numbers = new double[count];
        int i = 0;
        for (var entry : values.entrySet()) {
            checkPoint(entry.getKey(), step);
            keys[i] = entry.getKey();
            numbers[i++] = entry.getValue().doubleValue();
        }
        buffer.addAll(keys, numbers, count, step, System.currentTimeMillis());
    }

    /** Sets (or overwrites) tags. */
    public void setTags(Map<String, String> tags) {
        requireOpen();
        if (tags.isEmpty()) return;
        sender.enqueue(SpoolEvent.of(SpoolEvent.Op.SET_TAGS, id, bodies.tags(tags)));
    }

    public void setTag(String key, String value) {
        setTags(Map.of(key, value));
    }

    /** Adds config; nested maps become dotted keys. A key already logged may be logged again only with the same value. */
    public void logConfig(Map<String, ?> config) {
        requireOpen();
        if (config.isEmpty()) return;
        sender.enqueue(SpoolEvent.of(SpoolEvent.Op.LOG_CONFIG, id, bodies.config(config)));
    }

    /**
     * Records a dataset the run read. {@code digest} (at most 36 characters) tells versions of the same data
     * apart; null means a hash of the source. {@code context} ("train", "eval", ...; may be null) is stored as
     * the input tag mlflow.data.context, as MLflow does, so {@code datasets.context = 'train'} finds the run.
     */
    public void logInput(String name, String source, String digest, String context) {
        requireOpen();
        if (name == null || name.isEmpty() || name.length() > 500) {
            throw new IllegalArgumentException("dataset name must be 1 to 500 characters");
        }
        if (source == null || source.isEmpty()) throw new IllegalArgumentException("dataset source must not be empty");
        String sourceType = "local";
        String effectiveDigest = digest != null ? digest : sourceDigest(sourceType, source);
        if (effectiveDigest.isEmpty() || effectiveDigest.length() > 36) {
            throw new IllegalArgumentException("dataset digest must be 1 to 36 characters");
        }
        Map<String, String> tags = context == null ? Map.of() : Map.of("mlflow.data.context", context);
        sender.enqueue(SpoolEvent.of(SpoolEvent.Op.LOG_INPUT, id, bodies.input(name, effectiveDigest, sourceType, source, tags)));
    }

    private static String sourceDigest(String sourceType, String source) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest((sourceType + ":" + source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Uploads a file as artifact {@code <file name>}, streamed in the background with retries. */
    public void logArtifact(Path file) {
        logArtifact(file, "");
    }

    /** Uploads a file as artifact {@code <artifactDir>/<file name>}. */
    public void logArtifact(Path file, String artifactDir) {
        requireOpen();
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("not a file: " + file);
        String name = file.getFileName().toString();
        String path = artifactDir == null || artifactDir.isEmpty() ? name : trimSlashes(artifactDir) + "/" + name;
        sender.enqueue(SpoolEvent.artifact(id, path, file.toAbsolutePath()));
    }

    /** Uploads every file under {@code dir}, keeping their relative paths. */
    public void logArtifacts(Path dir) {
        logArtifacts(dir, "");
    }

    public void logArtifacts(Path dir, String artifactDir) {
        requireOpen();
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("not a directory: " + dir);
        try (var files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Path parent = dir.relativize(file).getParent();
                String relative = parent == null ? "" : parent.toString().replace('\\', '/');
                String prefix = artifactDir == null || artifactDir.isEmpty() ? relative
                        : relative.isEmpty() ? trimSlashes(artifactDir) : trimSlashes(artifactDir) + "/" + relative;
                logArtifact(file, prefix);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Starts a child run in the same experiment with this run as its parent. */
    public Run startNestedRun(String name, Map<String, ?> config) {
        return sextant.startRun(RunSpec.of(experiment).withName(name).withConfig(config).withParent(id));
    }

    /** Waits up to the close timeout until everything logged so far has reached the server; false if it did not. */
    public boolean flush() {
        return flush(options.closeTimeout());
    }

    public boolean flush(Duration timeout) {
        return sender.flush(timeout);
    }

    /**
     * True once the sweep this run is a trial of decided it should stop early (never blocks; false outside a sweep).
     * Finishing the run afterwards records it as KILLED, with the reason in the tag sextant.sweep.stop_reason.
     */
    public boolean shouldStop() {
        var beat = heartbeat;
        return beat != null && beat.stopReason() != null;
    }

    /** Why the sweep stopped this trial, or null. */
    public String stopReason() {
        var beat = heartbeat;
        return beat == null ? null : beat.stopReason();
    }

    void attachSweep(SweepHeartbeat sweepHeartbeat) {
        this.heartbeat = sweepHeartbeat;
    }

    /** Metric points the server has accepted so far (live or replayed from the spool). */
    public long pointsSent() {
        return sender.pointsSent();
    }

    /** Ends the run with {@code status}: flushes (bounded by the close timeout), then sets the status. Idempotent. */
    public void finish(RunStatus status) {
        if (!finished.compareAndSet(false, true)) return;
        if (systemMetrics != null) systemMetrics.close();
        var beat = heartbeat;
        if (beat != null) {
            beat.close();
            if (beat.stopReason() != null && status == RunStatus.FINISHED) {
                status = RunStatus.KILLED;
                sender.enqueue(SpoolEvent.of(SpoolEvent.Op.SET_TAGS, id, bodies.tags(Map.of(SweepHeartbeat.STOP_TAG, beat.stopReason()))));
            }
        }
        long deadline = System.nanoTime() + options.closeTimeout().toNanos();
        sender.flush(remaining(deadline));
        closed = true;
        sender.enqueueFinal(SpoolEvent.of(SpoolEvent.Op.UPDATE_RUN, id, bodies.updateRun(status, System.currentTimeMillis())));
        boolean delivered = sender.flush(remaining(deadline));
        sender.stop();
        report(status, delivered);
        try {
            spool.deleteIfDrained();
            spool.close();
        } catch (IOException e) {
            System.err.println("Sextant: could not tidy the spool of run " + id + ": " + e.getMessage());
        }
        sextant.forget(this);
    }

    @Override
    public void close() {
        finish(RunStatus.FINISHED);
    }

    private void report(RunStatus status, boolean delivered) {
        if (sender.eventsRejected() > 0) {
            System.err.println("Sextant: run " + id + ": " + sender.eventsRejected() + " request(s) were rejected by the"
                    + " server; they are saved in " + spool.dir().resolve(Spool.DEAD_LETTER));
        }
        if (options.offline()) {
            System.err.println("Sextant: run " + id + " (" + status + ") was recorded offline in " + spool.dir()
                    + "; upload it with `java -jar sextant.jar sync --url URL " + spool.dir().getParent() + "`"
                    + " or Sextant.sync().");
        } else if (!delivered) {
            System.err.println("Sextant: run " + id + " (" + status + "): the server did not take everything within "
                    + options.closeTimeout().toSeconds() + " s; " + sender.spoolPendingBytes() + " bytes of points and"
                    + " events remain in the spool " + spool.dir() + ". Nothing is lost: upload it with"
                    + " `java -jar sextant.jar sync --url " + options.url() + " " + spool.dir().getParent() + "`"
                    + " or Sextant.sync() once the server is reachable.");
        }
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("run " + id + " is finished");
    }

    private static void checkPoint(String key, long step) {
        MetricKeys.check(key);
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step + " for '" + key + "'");
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
    }

    private static String trimSlashes(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) trimmed = trimmed.substring(1);
        while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        return trimmed;
    }
}

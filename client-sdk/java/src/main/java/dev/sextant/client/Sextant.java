package dev.sextant.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point of the Java SDK: connects to a Sextant server and starts runs.
 * <pre>{@code
 * try (Sextant sextant = Sextant.connect("http://127.0.0.1:5055");
 *      Run run = sextant.startRun("mnist", Map.of("lr", 0.01))) {
 *     for (int step = 0; step < steps; step++) run.log("train/loss", loss, step);
 * }
 * }</pre>
 * Closing it closes every run still open. Runs left open when the JVM exits are flushed and marked KILLED.
 */
public final class Sextant implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.sextant.client");

    private final SextantOptions options;
    private final ObjectMapper mapper = new ObjectMapper();
    private final RequestBodies bodies = new RequestBodies(mapper);
    private final HttpTransport transport;
    private final SecureRandom random = new SecureRandom();
    private final Set<Run> openRuns = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;

    Sextant(SextantOptions options) {
        this.options = options;
        this.transport = new HttpTransport(options.url(), options.token(), mapper, options.requestTimeout());
        this.shutdownHook = new Thread(() -> closeRuns(RunStatus.KILLED), "sextant-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A client for {@code url}, other settings from the environment (SEXTANT_TOKEN, SEXTANT_MODE, SEXTANT_SPOOL_DIR). */
    public static Sextant connect(String url) {
        return builder().url(url).build();
    }

    /** A client configured entirely from the environment (SEXTANT_URL, default http://127.0.0.1:5055). */
    public static Sextant connect() {
        return builder().build();
    }

    public static SextantBuilder builder() {
        return new SextantBuilder(SextantOptions.fromEnvironment(System.getenv()));
    }

    public SextantOptions options() {
        return options;
    }

    public Run startRun(String experiment, Map<String, ?> config) {
        return startRun(RunSpec.of(experiment).withConfig(config));
    }

    /**
     * Creates the run (or, when the server is unreachable or the client is offline, spools its creation)
     * and starts its sender. A 4xx from the server (for example an invalid config key) is thrown here.
     */
    public Run startRun(RunSpec spec) {
        String runId = HexFormat.of().formatHex(randomBytes());
        byte[] body = bodies.createRun(runId, spec, System.getProperty("user.name", ""), System.currentTimeMillis());
        var create = SpoolEvent.of(SpoolEvent.Op.CREATE_RUN, runId, body);
        var run = newRun(runId, spec.experiment());
        if (options.offline()) {
            run.enqueue(create);
        } else {
            try {
                transport.createRun(body);
            } catch (ServerUnavailableException e) {
                LOG.log(Level.WARNING, "Sextant: " + e.getMessage() + "; run " + runId + " is spooled until the server answers");
                run.enqueue(create);
            }
        }
        return begin(run);
    }

    /** Runs {@code body} in a new run: FINISHED when it returns, FAILED (and the exception re-thrown) when it throws. */
    public <E extends Exception> void run(String experiment, Map<String, ?> config, RunBody<E> body) throws E {
        run(RunSpec.of(experiment).withConfig(config), body);
    }

    public <E extends Exception> void run(RunSpec spec, RunBody<E> body) throws E {
        Run run = startRun(spec);
        try {
            body.accept(run);
        } catch (Throwable failure) {
            run.finish(RunStatus.FAILED);
            throw failure;
        }
        run.finish(RunStatus.FINISHED);
    }

    /** Continues an existing run: sets it RUNNING again; new points are added to its series. */
    public Run resumeRun(String runId) {
        String experiment = null;
        byte[] running = bodies.updateRun(RunStatus.RUNNING, null);
        var resume = SpoolEvent.of(SpoolEvent.Op.UPDATE_RUN, runId, running);
        if (!options.offline()) {
            try {
                experiment = transport.getRun(runId).path("experiment_id").asText(null);
                transport.updateRun(runId, running);
                resume = null;
            } catch (ServerUnavailableException e) {
                LOG.log(Level.WARNING, "Sextant: " + e.getMessage() + "; resuming run " + runId + " through the spool");
            }
        }
        var run = newRun(runId, experiment);
        if (resume != null) run.enqueue(resume);
        return begin(run);
    }

    /**
     * Creates a sweep in the experiment ({@code "0"} is Default) from a config in W&B's shape (method, metric,
     * parameters, run_cap, early_terminate, seed) and returns its id. An invalid config is a
     * {@link ServerRejectedException} whose message names the field.
     */
    public String createSweep(String experimentId, String name, Map<String, ?> config) {
        var body = mapper.createObjectNode().put("experiment_id", experimentId).put("name", name);
        body.set("config", mapper.valueToTree(config));
        try {
            return transport.createSweep(mapper.writeValueAsBytes(body)).get("sweep_id").asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the sweep config cannot be written as JSON", e);
        } catch (ServerUnavailableException e) {
            throw new IllegalStateException("Sextant: cannot reach the server to create a sweep: " + e.getMessage(), e);
        }
    }

    /**
     * Runs trials of a sweep in this process until the sweep has none left: for each, the server picks the config and
     * creates the run; {@code body} trains and logs to {@code trial.run()}. Returns how many trials ran. Several agents,
     * on several machines, may share one sweep. Heartbeats go every SEXTANT_HEARTBEAT_INTERVAL seconds (default 10).
     */
    public int agent(String sweepId, TrialBody body) {
        return agent(sweepId, -1, body);
    }

    /** As {@link #agent(String, TrialBody)}, running at most {@code count} trials. */
    public int agent(String sweepId, int count, TrialBody body) {
        return agent(sweepId, count, heartbeatInterval(), body);
    }

    /** As {@link #agent(String, int, TrialBody)} with heartbeats every {@code heartbeatInterval}; count &lt; 0 means all. */
    public int agent(String sweepId, int count, java.time.Duration heartbeatInterval, TrialBody body) {
        return new SweepAgent(this, transport, mapper).run(sweepId, count, heartbeatInterval, body);
    }

    private static java.time.Duration heartbeatInterval() {
        var raw = System.getenv("SEXTANT_HEARTBEAT_INTERVAL");
        try {
            return raw == null ? java.time.Duration.ofSeconds(10) : java.time.Duration.ofMillis(Math.max(50, (long) (Double.parseDouble(raw) * 1000)));
        } catch (NumberFormatException e) {
            return java.time.Duration.ofSeconds(10);
        }
    }

    /** Uploads every spool under the configured spool folder (offline runs and leftovers of earlier processes). */
    public SyncResult sync() {
        return sync(options.spoolDir());
    }

    /** Uploads the spool in {@code dir}: either one run's spool folder or a folder of them. */
    public SyncResult sync(Path dir) {
        var synced = new ArrayList<String>();
        var skipped = new ArrayList<String>();
        var problems = new ArrayList<String>();
        long rejected = 0;
        long points = 0;
        for (Path runDir : spoolFolders(dir)) {
            String name = runDir.getFileName().toString();
            try {
                var opened = openSpool(runDir);
                if (opened.isEmpty()) {
                    skipped.add(name);
                    continue;
                }
                try (Spool spool = opened.get()) {
                    var rejections = new long[1];
                    points += SpoolReplay.replay(spool, transport, Integer.MAX_VALUE, (event, e) -> {
                        rejections[0]++;
                        deadLetter(spool, event, e);
                    });
                    rejected += rejections[0];
                    spool.deleteIfDrained();
                    synced.add(name);
                }
            } catch (ServerUnavailableException e) {
                problems.add(name + ": " + e.getMessage());
                break;
            } catch (IOException | RuntimeException e) {
                problems.add(name + ": " + e);
            }
        }
        return new SyncResult(synced, skipped, problems, rejected, points);
    }

    private java.util.Optional<Spool> openSpool(Path runDir) throws IOException {
        try {
            return Spool.openExisting(runDir, mapper);
        } catch (OverlappingFileLockException e) {
            return java.util.Optional.empty(); // a run of this very JVM owns it
        }
    }

    private static void deadLetter(Spool spool, SpoolEvent event, ServerRejectedException e) {
        try {
            spool.deadLetter(event, e.getMessage());
        } catch (IOException io) {
            throw new java.io.UncheckedIOException(io);
        }
        LOG.log(Level.ERROR, "Sextant: the server rejected " + event.op().wireName + " of run " + event.runId() + ": "
                + e.getMessage() + "; saved in " + spool.dir().resolve(Spool.DEAD_LETTER));
    }

    private static List<Path> spoolFolders(Path dir) {
        if (Files.exists(dir.resolve(Spool.EVENTS))) return List.of(dir);
        if (!Files.isDirectory(dir)) return List.of();
        try (var children = Files.list(dir)) {
            return children.filter(child -> Files.exists(child.resolve(Spool.EVENTS))).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Run newRun(String runId, String experiment) {
        return new Run(this, runId, experiment, transport, bodies, new Spool(options.spoolDir().resolve(runId), mapper), options);
    }

    private Run begin(Run run) {
        openRuns.add(run);
        run.start();
        return run;
    }

    void forget(Run run) {
        openRuns.remove(run);
    }

    private byte[] randomBytes() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    private void closeRuns(RunStatus status) {
        for (Run run : List.copyOf(openRuns)) run.finish(status);
    }

    /** Finishes every run still open (FINISHED). */
    @Override
    public void close() {
        closeRuns(RunStatus.FINISHED);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
    }
}

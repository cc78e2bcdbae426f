package dev.sextant.server.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.Sweep;
import dev.sextant.server.domain.SweepState;
import dev.sextant.server.domain.SweepTrial;
import dev.sextant.server.domain.TrialState;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ParamText;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.SweepStore;
import dev.sextant.server.store.TrialClaim;
import dev.sextant.server.store.TrialPlanner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The rules of sweeps: config validation, state changes, handing out trials, heartbeats and early stopping. */
public final class SweepService {
    public static final long DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 300;
    public static final String SWEEP_TAG = "sextant.sweep_id";
    public static final String TRIAL_TAG = "sextant.sweep.trial";

    private final SweepStore store;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final UnaryOperator<String> artifactUri;
    private final TrialProposer proposer;
    private final SweepJson json;
    private final SecureRandom random = new SecureRandom();

    /** {@code artifactUri} maps a new run's id to where its files will live, as RunService does. */
    public SweepService(SweepStore store, ObjectMapper mapper, Clock clock, UnaryOperator<String> artifactUri) {
        this.store = store;
        this.mapper = mapper;
        this.clock = clock;
        this.artifactUri = artifactUri;
        this.proposer = new TrialProposer(mapper);
        this.json = new SweepJson(mapper);
    }

    public SweepView create(CreateSweepCommand command) {
        String sweepId = newId();
        SweepConfigParser.parse(command.config(), seedOf(sweepId)); // refuses an invalid config before anything is stored
        String experimentId = command.experimentId() == null ? "0" : command.experimentId();
        String name = command.name() != null && !command.name().isBlank() ? command.name()
                : command.config().hasNonNull("name") ? command.config().get("name").asText()
                : "sweep-" + sweepId.substring(0, 6);
        if (name.length() > 250) throw SextantException.invalid("name must be at most 250 characters, got " + name.length());
        long now = clock.millis();
        store.createSweep(new Sweep(sweepId, experimentId, name, json.write(command.config()), SweepState.RUNNING,
                LifecycleStage.ACTIVE, 0, now, now));
        return get(sweepId);
    }

    public SweepView get(String sweepId) {
        var sweep = require(sweepId);
        var config = config(sweep);
        return view(sweep, config, store.listTrials(sweepId, metricKey(config)));
    }

    public List<SweepView> list(String experimentId, ViewType view) {
        return store.listSweeps(experimentId, view).stream().map(sweep -> {
            var config = config(sweep);
            return view(sweep, config, store.listTrials(sweep.sweepId(), metricKey(config)));
        }).toList();
    }

    public SweepView pause(String sweepId) {
        store.setSweepState(sweepId, Set.of(SweepState.RUNNING), SweepState.PAUSED, clock.millis());
        return get(sweepId);
    }

    public SweepView resume(String sweepId) {
        store.setSweepState(sweepId, Set.of(SweepState.PAUSED), SweepState.RUNNING, clock.millis());
        return get(sweepId);
    }

    /** No new trials; trials already running go on to their end. */
    public SweepView stop(String sweepId) {
        store.setSweepState(sweepId, Set.of(SweepState.RUNNING, SweepState.PAUSED), SweepState.STOPPED, clock.millis());
        return get(sweepId);
    }

    public void delete(String sweepId) {
        require(sweepId);
        store.deleteSweep(sweepId, clock.millis());
    }

    /**
     * Hands out the next trial, its run already created with the trial's config as params; empty when the sweep has
     * no trial to give (finished, stopped, or every point taken while some still run). A paused sweep is INVALID_STATE
     * so that agents wait rather than quit.
     */
    public Optional<TrialView> next(String sweepId) {
        var sweep = require(sweepId);
        var config = config(sweep);
        long now = clock.millis();
        long timeoutSeconds = config.heartbeatTimeoutSeconds() == null ? DEFAULT_HEARTBEAT_TIMEOUT_SECONDS
                : config.heartbeatTimeoutSeconds();
        var early = proposeEarly(sweepId, config);
        // Under the sweep's lock only the cheap path runs: the early proposal is used when no trial came in meanwhile.
        TrialPlanner planner = (history, trialIndex) -> (early != null && early.trialIndex() == trialIndex
                ? Optional.of(early.proposal()) : proposer.propose(config, history, trialIndex))
                .map(proposal -> plan(sweep, trialIndex, proposal, now));
        var claim = store.claimTrial(sweepId, metricKey(config), now, now - timeoutSeconds * 1000, planner);
        if (claim instanceof TrialClaim.Issued issued) return Optional.of(trialView(sweep, config, issued.trial()));
        var state = ((TrialClaim.NoTrial) claim).state();
        if (state == SweepState.PAUSED) throw SextantException.invalidState("sweep '" + sweepId + "' is paused");
        return Optional.empty();
    }

    private record EarlyProposal(long trialIndex, TrialProposer.Proposal proposal) {}

    /**
     * Bayesian search fits a model (tens to hundreds of milliseconds); doing it before the claim's transaction keeps
     * the database's write lock short. Null for the other methods, which are cheap, or when nothing is left.
     */
    private EarlyProposal proposeEarly(String sweepId, SweepConfig config) {
        if (config.method() != SweepConfig.Method.BAYES) return null;
        var history = store.listTrials(sweepId, metricKey(config));
        long trialIndex = history.isEmpty() ? 0 : history.get(history.size() - 1).trialIndex() + 1;
        return proposer.propose(config, history, trialIndex).map(p -> new EarlyProposal(trialIndex, p)).orElse(null);
    }

    /** Records that the trial's agent is alive and says whether it should stop now (early termination, or lost). */
    public StopDecision heartbeat(String sweepId, String runId) {
        var sweep = require(sweepId);
        var config = config(sweep);
        var trial = store.heartbeat(sweepId, runId, metricKey(config), clock.millis())
                .orElseThrow(() -> SextantException.notFound("trial with run", runId));
        if (trial.state() == TrialState.LOST) {
            return new StopDecision(true, "the trial missed its heartbeats and was handed out again");
        }
        if (trial.stopReason() != null) return new StopDecision(true, trial.stopReason());
        if (config.earlyTerminate() == null || trial.runStatus() != RunStatus.RUNNING) return StopDecision.GO_ON;
        var curves = store.curves(sweepId, config.metric().name(), Long.MAX_VALUE);
        var reason = EarlyStopping.decide(config.earlyTerminate(), config.metric(), runId, curves);
        if (reason.isEmpty()) return StopDecision.GO_ON;
        store.stopTrial(sweepId, runId, reason.get());
        return new StopDecision(true, reason.get());
    }

    public List<TrialView> trials(String sweepId) {
        var sweep = require(sweepId);
        var config = config(sweep);
        return store.listTrials(sweepId, metricKey(config)).stream().map(trial -> trialView(sweep, config, trial)).toList();
    }

    private TrialPlanner.PlannedTrial plan(Sweep sweep, long trialIndex, TrialProposer.Proposal proposal, long now) {
        String runId = newId();
        var params = new LinkedHashMap<String, String>();
        proposal.config().forEach((key, value) -> params.put(key, ParamText.of(value)));
        var tags = Map.of(SWEEP_TAG, sweep.sweepId(), TRIAL_TAG, Long.toString(trialIndex));
        var run = new NewRun(runId, sweep.experimentId(), sweep.name() + "-" + trialIndex, RunStatus.RUNNING, now, "",
                null, artifactUri.apply(runId), params, tags);
        return new TrialPlanner.PlannedTrial(proposal.gridIndex(), json.write(mapper.valueToTree(proposal.config())), run);
    }

    private SweepView view(Sweep sweep, SweepConfig config, List<SweepTrial> trials) {
        var counts = new LinkedHashMap<String, Long>();
        for (var status : List.of("RUNNING", "FINISHED", "FAILED", "KILLED", "LOST")) counts.put(status, 0L);
        SweepTrial best = null;
        for (var trial : trials) {
            String key = trial.state() == TrialState.LOST ? "LOST" : trial.runStatus().name();
            counts.merge(key, 1L, Long::sum);
            var value = trial.metricValue();
            if (config.metric() != null && value != null && Double.isFinite(value)
                    && (best == null || config.metric().better(value, best.metricValue()))) {
                best = trial;
            }
        }
        var metric = config.metric();
        return new SweepView(sweep.sweepId(), sweep.experimentId(), sweep.name(), config.method().name().toLowerCase(),
                json.read(sweep.configJson()), sweep.state(), sweep.lifecycleStage(), sweep.trialCount(), counts,
                metric == null ? null : metric.name(), metric == null ? null : metric.goal().name().toLowerCase(),
                best == null ? null : best.runId(), best == null ? null : best.trialIndex(),
                best == null ? null : best.metricValue(), sweep.creationTimeMs(), sweep.lastUpdateTimeMs());
    }

    private TrialView trialView(Sweep sweep, SweepConfig config, SweepTrial trial) {
        return new TrialView(sweep.sweepId(), sweep.experimentId(), trial.trialIndex(), trial.runId(), trial.gridIndex(),
                json.nest(json.read(trial.configJson())), trial.state(), trial.runStatus(), metricKey(config),
                trial.metricValue(), trial.metricStep(), trial.stopReason(), trial.heartbeatTimeMs());
    }

    /** The stored sweep; RESOURCE_DOES_NOT_EXIST when there is none. */
    Sweep sweep(String sweepId) {
        return require(sweepId);
    }

    private Sweep require(String sweepId) {
        return store.findSweep(sweepId).orElseThrow(() -> SextantException.notFound("sweep", sweepId));
    }

    /** The stored config was validated at creation; it is parsed again with the seed it got then. */
    SweepConfig config(Sweep sweep) {
        return SweepConfigParser.parse(json.read(sweep.configJson()), seedOf(sweep.sweepId()));
    }

    private static String metricKey(SweepConfig config) {
        return config.metric() == null ? null : config.metric().name();
    }

    /** A sweep without a seed gets one from its id, so its random choices are still reproducible. */
    private static long seedOf(String sweepId) {
        return Long.parseUnsignedLong(sweepId.substring(0, 16), 16);
    }

    private String newId() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** JSON text ⇄ trees, and dotted keys → nested objects. */
    static final class SweepJson {
        private final ObjectMapper mapper;

        SweepJson(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        String write(JsonNode node) {
            try {
                return mapper.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree could not be written", e);
            }
        }

        JsonNode read(String text) {
            try {
                return mapper.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored sweep JSON is not JSON", e);
            }
        }

        /** {"model.width": 256, "lr": 0.1} → {"model": {"width": 256}, "lr": 0.1}; a clash keeps the dotted key. */
        JsonNode nest(JsonNode flat) {
            var root = mapper.createObjectNode();
            flat.fields().forEachRemaining(entry -> {
                var parts = entry.getKey().split("\\.");
                var level = root;
                for (int i = 0; i < parts.length - 1 && level != null; i++) {
                    var child = level.get(parts[i]);
                    if (child == null) level = level.putObject(parts[i]);
                    else level = child.isObject() ? (com.fasterxml.jackson.databind.node.ObjectNode) child : null;
                }
                if (level != null && !level.has(parts[parts.length - 1])) level.set(parts[parts.length - 1], entry.getValue());
                else root.set(entry.getKey(), entry.getValue());
            });
            return root;
        }
    }
}

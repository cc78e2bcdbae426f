package dev.sextant.server.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.domain.SweepTrial;
import dev.sextant.server.domain.TrialState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The next config of a sweep from its trials so far, by the sweep's method. Pure: same inputs, same proposal. */
final class TrialProposer {
    /** A config (dotted name → value) and, in grid search, its grid point. */
    record Proposal(Long gridIndex, Map<String, JsonNode> config) {}

    private final ObjectMapper mapper;

    TrialProposer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Empty when the run cap is reached or, in grid search, every point is taken by a trial that is not lost. */
    Optional<Proposal> propose(SweepConfig config, List<SweepTrial> history, long trialIndex) {
        var counted = history.stream().filter(trial -> trial.state() != TrialState.LOST).toList();
        if (config.runCap() != null && counted.size() >= config.runCap()) return Optional.empty();
        return switch (config.method()) {
            case GRID -> grid(config, counted);
            case RANDOM -> Optional.of(new Proposal(null, RandomSearch.sample(config.parameters(), config.seed(), trialIndex)));
            case BAYES -> Optional.of(new Proposal(null, BayesSearch.propose(config.parameters(),
                    observations(config, history), config.seed(), trialIndex)));
        };
    }

    /** The lowest grid point no live or finished trial holds, so a lost trial's point is handed out again first. */
    private static Optional<Proposal> grid(SweepConfig config, List<SweepTrial> counted) {
        var space = new GridSpace(config.parameters());
        var taken = new HashSet<Long>();
        for (var trial : counted) if (trial.gridIndex() != null) taken.add(trial.gridIndex());
        for (long index = 0; index < space.size(); index++) {
            if (!taken.contains(index)) return Optional.of(new Proposal(index, space.point(index)));
        }
        return Optional.empty();
    }

    /**
     * Every trial's config with its latest metric value as a loss: a running trial without a value is pending (null);
     * a trial that ended without a value, or was lost, teaches nothing and is left out.
     */
    private List<BayesSearch.Observation> observations(SweepConfig config, List<SweepTrial> history) {
        var observations = new ArrayList<BayesSearch.Observation>();
        for (var trial : history) {
            var value = trial.metricValue();
            if (value == null && !trial.isLive()) continue;
            var loss = value == null ? null : Double.isNaN(value) ? Double.NaN : config.metric().loss(value);
            observations.add(new BayesSearch.Observation(read(trial.configJson()), loss));
        }
        return observations;
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored trial config is not JSON", e);
        }
    }
}

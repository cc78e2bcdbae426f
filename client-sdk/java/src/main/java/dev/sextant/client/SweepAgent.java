package dev.sextant.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;

/** The loop of {@link Sextant#agent}: ask the sweep for a trial, run the body in the trial's run, repeat. */
final class SweepAgent {
    private static final System.Logger LOG = System.getLogger("dev.sextant.client");
    private static final Duration PAUSED_POLL = Duration.ofSeconds(10);

    private final Sextant sextant;
    private final HttpTransport transport;
    private final ObjectMapper mapper;

    SweepAgent(Sextant sextant, HttpTransport transport, ObjectMapper mapper) {
        this.sextant = sextant;
        this.transport = transport;
        this.mapper = mapper;
    }

    /** Runs at most {@code count} trials (all of them when count &lt; 0); returns how many ran. */
    int run(String sweepId, int count, Duration heartbeatInterval, TrialBody body) {
        int done = 0;
        while (count < 0 || done < count) {
            var next = nextTrial(sweepId);
            if (!next.has("run_id")) break;
            done++;
            String runId = next.get("run_id").asText();
            Run run = sextant.resumeRun(runId);
            run.attachSweep(new SweepHeartbeat(transport, sweepId, runId, heartbeatInterval));
            Map<String, Object> config = mapper.convertValue(next.get("config"), new TypeReference<Map<String, Object>>() {});
            var trial = new Trial(sweepId, next.path("trial_index").asLong(), config, next.path("metric_name").asText(null), run);
            try {
                body.train(trial);
                run.finish(RunStatus.FINISHED);
            } catch (Exception | AssertionError e) {
                LOG.log(Level.WARNING, "Sextant: trial " + trial.trialIndex() + " of sweep " + sweepId + " failed", e);
                run.finish(RunStatus.FAILED);
            }
        }
        return done;
    }

    private com.fasterxml.jackson.databind.JsonNode nextTrial(String sweepId) {
        while (true) {
            try {
                return transport.nextTrial(sweepId);
            } catch (ServerRejectedException e) {
                if (e.status() != 409 || !e.getMessage().contains("paused")) throw e;
                LOG.log(Level.INFO, "Sextant: sweep " + sweepId + " is paused; asking again in " + PAUSED_POLL.toSeconds() + " s");
                sleep(PAUSED_POLL);
            } catch (ServerUnavailableException e) {
                throw new IllegalStateException("Sextant: cannot reach the server for sweep " + sweepId + ": " + e.getMessage(), e);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sweep was paused", e);
        }
    }
}

package dev.sextant.client;

import java.lang.System.Logger.Level;
import java.time.Duration;

/** Sends a sweep trial's heartbeats from a daemon thread and keeps the server's stop decision. */
final class SweepHeartbeat implements AutoCloseable {
    static final String STOP_TAG = "sextant.sweep.stop_reason";
    private static final System.Logger LOG = System.getLogger("dev.sextant.client");

    private final HttpTransport transport;
    private final String sweepId;
    private final String runId;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean closed;
    private volatile String stopReason;

    SweepHeartbeat(HttpTransport transport, String sweepId, String runId, Duration interval) {
        this.transport = transport;
        this.sweepId = sweepId;
        this.runId = runId;
        this.interval = interval;
        this.thread = new Thread(this::loop, "sextant-heartbeat-" + runId.substring(0, 8));
        thread.setDaemon(true);
        thread.start();
    }

    String stopReason() {
        return stopReason;
    }

    void beat() {
        try {
            var answer = transport.heartbeat(sweepId, runId);
            if (answer.path("should_stop").asBoolean(false) && stopReason == null) {
                stopReason = answer.path("reason").asText("stopped by the sweep");
                LOG.log(Level.INFO, "Sextant: the sweep asks trial run " + runId + " to stop: " + stopReason);
            }
        } catch (ServerUnavailableException | ServerRejectedException e) {
            LOG.log(Level.DEBUG, "Sextant: heartbeat of run " + runId + " failed: " + e.getMessage());
        }
    }

    private void loop() {
        while (!closed) {
            beat();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

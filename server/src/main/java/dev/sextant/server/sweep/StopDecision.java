package dev.sextant.server.sweep;

/** The answer to a trial's heartbeat: whether its agent should end it now, and why. */
public record StopDecision(boolean shouldStop, String reason) {
    static final StopDecision GO_ON = new StopDecision(false, null);
}

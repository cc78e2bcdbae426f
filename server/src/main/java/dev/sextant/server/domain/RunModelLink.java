package dev.sextant.server.domain;

/** A logged model a run produced (an output, logged at {@code step}) or used (an input, step 0). */
public record RunModelLink(String modelId, Direction direction, long step) {
    public enum Direction { INPUT, OUTPUT }
}

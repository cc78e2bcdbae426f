package dev.sextant.server.domain;

/** A stored point read back in (step, timestamp) order. */
public record RawPoint(long step, long timestampMs, double value) {}

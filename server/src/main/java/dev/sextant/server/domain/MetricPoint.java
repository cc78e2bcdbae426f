package dev.sextant.server.domain;

/** One point of a metric series. NaN and ±Infinity are values, not errors. */
public record MetricPoint(String key, double value, long timestampMs, long step) {}

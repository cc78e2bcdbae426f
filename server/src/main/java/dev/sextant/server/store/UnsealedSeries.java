package dev.sextant.server.store;

/** A series whose run is not RUNNING but which still holds raw rows (written before ADR 0013, or left by a crash). */
public record UnsealedSeries(long seriesId, String runId, String key, long rawPoints) {}

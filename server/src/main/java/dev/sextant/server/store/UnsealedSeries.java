package dev.sextant.server.store;

/**
 * A series whose run is not RUNNING but which was written before sealed blocks (ADR 0013): it holds raw rows, or
 * envelope rows finer than new series keep (level 4, {@code finePyramid}), or both.
 */
public record UnsealedSeries(long seriesId, String runId, String key, long rawPoints, boolean finePyramid) {}

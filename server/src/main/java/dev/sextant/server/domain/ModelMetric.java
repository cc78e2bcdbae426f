package dev.sextant.server.domain;

/**
 * One metric point a run logged for a logged model, optionally measured on a dataset (name and digest are
 * null when not). timestampMs is epoch milliseconds; value may be NaN.
 */
public record ModelMetric(String modelId, String key, double value, long timestampMs, long step, String runId,
                          String datasetName, String datasetDigest) {}

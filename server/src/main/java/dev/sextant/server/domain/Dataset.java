package dev.sextant.server.domain;

/**
 * A dataset as MLflow describes it: a name and a content digest identify it within an experiment; the
 * source says where it came from. {@code schema} and {@code profile} are optional JSON texts (may be null).
 */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {}

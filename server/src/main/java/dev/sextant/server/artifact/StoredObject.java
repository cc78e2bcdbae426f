package dev.sextant.server.artifact;

/** What a put stored: the byte count and the lowercase hex SHA-256 of the content. */
public record StoredObject(long sizeBytes, String sha256) {}

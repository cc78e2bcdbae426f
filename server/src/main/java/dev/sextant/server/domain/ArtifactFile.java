package dev.sextant.server.domain;

/** One file of a run, from the artifact index: its relative path, size, hex SHA-256, MIME type and time (epoch ms). */
public record ArtifactFile(String path, long sizeBytes, String sha256, String contentType, long modifiedTimeMs) {}

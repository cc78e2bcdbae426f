package dev.sextant.server.domain;

/** A folder in a listing, derived from file paths: how many files and bytes lie anywhere below it. */
public record ArtifactFolder(String path, long fileCount, long sizeBytes) {}

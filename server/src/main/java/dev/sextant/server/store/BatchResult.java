package dev.sextant.server.store;

/** What a batch write did: points newly stored, and points that were already there (re-sends). */
public record BatchResult(int pointsWritten, int pointsAlreadyPresent) {}

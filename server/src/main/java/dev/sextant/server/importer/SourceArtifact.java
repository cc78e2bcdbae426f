package dev.sextant.server.importer;

import java.io.IOException;
import java.io.InputStream;

/**
 * One file of a source run: its path relative to the run's artifact root, its size (-1 when the source does not
 * say), its hex SHA-256 when the source can tell it cheaply (null otherwise), and how to open its bytes.
 */
public record SourceArtifact(String path, long sizeBytes, String sha256, Opener opener) {

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}

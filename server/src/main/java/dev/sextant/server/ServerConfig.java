package dev.sextant.server;

import java.nio.file.Path;

/**
 * Everything the server needs to start. {@code database} is a file path, {@code sqlite:PATH} or a JDBC
 * URL; {@code artifacts} is a folder or {@code s3://bucket/prefix}.
 */
public record ServerConfig(String host, int port, Path dataDir, String database, String artifacts, long maxRequestBytes) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 64L * 1024 * 1024;

    /** Embedded defaults under one folder: an SQLite file and a local artifact folder. */
    public static ServerConfig embedded(String host, int port, Path dataDir) {
        return new ServerConfig(host, port, dataDir, dataDir.resolve("sextant.db").toString(),
                dataDir.resolve("artifacts").toString(), DEFAULT_MAX_REQUEST_BYTES);
    }
}

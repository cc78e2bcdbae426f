package dev.sextant.server.cli;

import dev.sextant.server.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a server keeps its data, as the server's own flags say it: shared by backup and restore. */
public final class DataLocationOptions {

    @Option(names = "--data-dir", defaultValue = "${env:SEXTANT_DATA_DIR:-sextant-data}",
            description = "The server's data folder (env SEXTANT_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", defaultValue = "${env:SEXTANT_DB}",
            description = "The server's database setting (env SEXTANT_DB, default DATA_DIR/sextant.db).")
    String database;

    @Option(names = "--artifacts", defaultValue = "${env:SEXTANT_ARTIFACTS}",
            description = "The server's artifact root (env SEXTANT_ARTIFACTS, default DATA_DIR/artifacts).")
    String artifacts;

    Path dataDir() {
        return dataDir;
    }

    /** The database setting, defaulting to the file in the data folder. */
    String database() {
        return database != null ? database : dataDir.resolve(BackupSupport.DATABASE_FILE).toString();
    }

    /**
     * False, after saying so on stderr, when the database is an SQLite file that does not exist: a command that reads
     * or maintains a database must not create an empty one.
     */
    boolean databaseExists() {
        String db = database();
        if (StoreFactory.isPostgres(db) || Files.isRegularFile(StoreFactory.sqlitePath(db))) return true;
        System.err.println("No database at " + StoreFactory.sqlitePath(db).toAbsolutePath());
        return false;
    }

    /** The artifact root setting, defaulting to the folder in the data folder. */
    String artifactRoot() {
        return artifacts != null ? artifacts : dataDir.resolve(BackupSupport.ARTIFACTS_FOLDER).toString();
    }
}

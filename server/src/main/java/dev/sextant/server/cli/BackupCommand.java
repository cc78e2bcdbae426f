package dev.sextant.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sextant.server.Server;
import dev.sextant.server.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sextant backup --to DIR}: a consistent copy of the SQLite database taken while the server runs
 * ({@code VACUUM INTO}, one read transaction, so it holds exactly the commits before it began; the artifact index
 * is in the same database), a manifest (time, schema version, row counts), and with {@code --with-artifacts} a copy
 * of a local artifact folder. PostgreSQL is backed up with pg_dump instead.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Copy the database (and optionally the artifact folder) while the server runs.")
public final class BackupCommand implements Callable<Integer> {

    @Option(names = "--to", required = true, description = "Folder to write the backup to; must be empty or missing.")
    Path to;

    @Mixin
    DataLocationOptions location;

    @Option(names = "--with-artifacts", description = "Also copy the files of a local artifact folder.")
    boolean withArtifacts;

    @Override
    public Integer call() throws Exception {
        String db = location.database();
        if (StoreFactory.isPostgres(db)) {
            System.err.println("The database is PostgreSQL: back it up with its own tools, e.g.\n"
                    + "  pg_dump --format=custom --file=sextant.dump DBNAME\n"
                    + "and restore with pg_restore. `sextant backup` copies SQLite databases only.");
            return 2;
        }
        Path source = StoreFactory.sqlitePath(db).toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            System.err.println("No database at " + source);
            return 1;
        }
        String artifactRoot = location.artifactRoot();
        if (withArtifacts && artifactRoot.startsWith("s3://")) {
            System.err.println("The artifacts are in S3 (" + artifactRoot + "): copy the bucket with S3 tools (e.g. versioning,"
                    + " or `aws s3 sync`); --with-artifacts copies local folders only.");
            return 2;
        }
        if (!BackupSupport.isEmptyOrMissing(to)) {
            System.err.println("Refusing to write into " + to + ": it is not empty.");
            return 1;
        }
        Files.createDirectories(to);
        Path copy = to.resolve(BackupSupport.DATABASE_FILE).toAbsolutePath();
        Instant started = Instant.now();
        try (var connection = BackupSupport.open(source, false)) {
            try (var statement = connection.prepareStatement("VACUUM INTO ?")) {
                statement.setString(1, copy.toString());
                statement.execute();
            }
        }
        var manifest = new LinkedHashMap<String, Object>();
        manifest.put("format", 1);
        manifest.put("created_at", started.toString());
        manifest.put("sextant_version", Server.version());
        manifest.put("source_database", source.toString());
        try (var connection = BackupSupport.open(copy, true)) {
            String integrity = BackupSupport.integrity(connection);
            if (!"ok".equals(integrity)) {
                System.err.println("The copy failed its integrity check: " + integrity);
                return 1;
            }
            manifest.put("schema_version", BackupSupport.schemaVersion(connection));
            manifest.put("counts", BackupSupport.counts(connection));
        }
        manifest.put("database_bytes", Files.size(copy));
        if (withArtifacts) {
            Path root = Path.of(artifactRoot);
            long[] totals = Files.isDirectory(root) ? BackupSupport.copyTree(root, to.resolve(BackupSupport.ARTIFACTS_FOLDER))
                    : new long[2];
            manifest.put("artifacts", java.util.Map.of("source", root.toAbsolutePath().toString(), "files", totals[0],
                    "bytes", totals[1]));
        }
        manifest.put("finished_at", Instant.now().toString());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(to.resolve(BackupSupport.MANIFEST_FILE).toFile(), manifest);
        System.out.println("Backed up " + source + " to " + to.toAbsolutePath() + " (schema " + manifest.get("schema_version")
                + (withArtifacts ? ", with artifacts" : "") + ").");
        return 0;
    }
}

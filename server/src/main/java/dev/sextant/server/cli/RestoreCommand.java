package dev.sextant.server.cli;

import dev.sextant.server.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sextant restore --from DIR --data-dir TARGET}: puts a backup made by {@code sextant backup} in place.
 * The server must be stopped. A target that already holds a database or artifacts is left alone unless
 * {@code --force} is given.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup made by `sextant backup` into a data folder (stop the server first).")
public final class RestoreCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, description = "The backup folder.")
    Path from;

    @Mixin
    DataLocationOptions location;

    @Option(names = "--force", description = "Replace an existing database and artifact folder.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        String db = location.database();
        if (StoreFactory.isPostgres(db)) {
            System.err.println("The target is PostgreSQL: restore a pg_dump backup with pg_restore. `sextant restore`"
                    + " restores SQLite backups only.");
            return 2;
        }
        Path backupDb = from.resolve(BackupSupport.DATABASE_FILE);
        if (!Files.isRegularFile(backupDb) || !Files.isRegularFile(from.resolve(BackupSupport.MANIFEST_FILE))) {
            System.err.println(from + " is not a Sextant backup (no " + BackupSupport.DATABASE_FILE + " and "
                    + BackupSupport.MANIFEST_FILE + ").");
            return 1;
        }
        Path target = StoreFactory.sqlitePath(db).toAbsolutePath();
        Path backupFiles = from.resolve(BackupSupport.ARTIFACTS_FOLDER);
        Path artifactRoot = Path.of(location.artifactRoot());
        boolean withArtifacts = Files.isDirectory(backupFiles);
        if (withArtifacts && artifactRoot.toString().startsWith("s3:")) {
            System.err.println("The artifact root is S3: restore its files with S3 tools; the backup's files are in " + backupFiles);
            return 2;
        }
        boolean occupied = Files.exists(target) || !BackupSupport.isEmptyOrMissing(location.dataDir())
                || (withArtifacts && !BackupSupport.isEmptyOrMissing(artifactRoot));
        if (occupied && !force) {
            System.err.println("Refusing to restore into " + location.dataDir().toAbsolutePath() + ": it is not empty"
                    + " (pass --force to replace its database" + (withArtifacts ? " and artifacts" : "") + ").");
            return 1;
        }
        try (var connection = BackupSupport.open(backupDb, true)) {
            String integrity = BackupSupport.integrity(connection);
            if (!"ok".equals(integrity)) {
                System.err.println("The backup's database fails its integrity check: " + integrity);
                return 1;
            }
        }
        Files.createDirectories(target.getParent());
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) Files.deleteIfExists(Path.of(target + suffix));
        Path partial = Path.of(target + ".restoring");
        Files.copy(backupDb, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long files = 0;
        if (withArtifacts) {
            BackupSupport.deleteTree(artifactRoot);
            files = BackupSupport.copyTree(backupFiles, artifactRoot)[0];
        }
        try (var connection = BackupSupport.open(target, true)) {
            System.out.println("Restored " + from.toAbsolutePath() + " to " + target + (withArtifacts ? " and " + files
                    + " artifact file(s) to " + artifactRoot.toAbsolutePath() : "") + "; rows: " + BackupSupport.counts(connection));
        }
        return 0;
    }
}

package dev.sextant.server.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sextant.server.store.sql.PointInserter;
import dev.sextant.server.store.sql.SqlDialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite in WAL mode: readers never wait for the writer, and synchronous=FULL makes every
 * acknowledged commit durable even across a power cut (measured as free on this hardware).
 */
public final class SqliteDialect implements SqlDialect {
    private final Path file;

    public SqliteDialect(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public DataSource openDataSource() {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for " + file, e);
        }
        var sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(30_000);
        sqlite.enforceForeignKeys(false);
        // MLflow's LIKE is case-sensitive; SQLite's is not unless asked.
        sqlite.enableCaseSensitiveLike(true);
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        sqlite.setCacheSize(-64_000);
        var dataSource = new SQLiteDataSource(sqlite);
        dataSource.setUrl("jdbc:sqlite:" + file);

        var pool = new HikariConfig();
        pool.setDataSource(dataSource);
        pool.setPoolName("sextant-sqlite");
        pool.setMaximumPoolSize(8);
        pool.setMinimumIdle(2);
        return new HikariDataSource(pool);
    }

    @Override
    public String migrationLocation() {
        return "classpath:db/migration/sqlite";
    }

    @Override
    public boolean singleWriter() {
        return true;
    }

    /** Writes are serialised here, so there is no lock order to keep. */
    @Override
    public PointInserter pointInserter() {
        return new MultiRowPointInserter();
    }

    @Override
    public String describe() {
        return "SQLite " + file;
    }
}

package dev.sextant.server.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.store.WriteObserver;
import dev.sextant.server.store.sqlite.SqliteDialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The write hooks the metrics hang on: one call per committed transaction, with the writes it carried. */
@Timeout(60)
class WriteObserverTest {
    @TempDir
    Path folder;

    private final List<Integer> groups = Collections.synchronizedList(new ArrayList<>());
    private final WriteObserver observer = (writes, nanos) -> {
        assertThat(nanos).isPositive();
        groups.add(writes);
    };

    @Test
    void writes_queued_behind_a_running_one_are_reported_as_one_commit_carrying_all_of_them() throws Exception {
        try (var database = new Database(new SqliteDialect(folder.resolve("sextant.db")), observer)) {
            database.writeVoid(handle -> handle.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)"));
            var holding = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var holder = CompletableFuture.runAsync(() -> database.writeVoid(handle -> {
                handle.execute("INSERT INTO notes (id) VALUES (0)");
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            holding.await();
            var queued = new ArrayList<CompletableFuture<Void>>();
            for (int id = 1; id <= 3; id++) {
                int row = id;
                queued.add(CompletableFuture.runAsync(() -> database.writeVoid(handle -> handle.execute("INSERT INTO notes (id) VALUES (?)", row)),
                        runnable -> new Thread(runnable).start()));
                while (database.queuedWrites() < queued.size()) Thread.sleep(1);
            }
            release.countDown();
            holder.get();
            for (var write : queued) write.get();

            assertThat(groups).containsExactly(1, 1, 3);
        }
    }

    @Test
    void a_refused_write_is_not_reported_as_a_commit() {
        try (var database = new Database(new SqliteDialect(folder.resolve("sextant.db")), observer)) {
            database.writeVoid(handle -> handle.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)"));
            try {
                database.writeVoid(handle -> handle.execute("INSERT INTO missing_table VALUES (1)"));
            } catch (RuntimeException expected) {
                // the write failed, so nothing committed
            }
            assertThat(groups).containsExactly(1);
        }
    }
}

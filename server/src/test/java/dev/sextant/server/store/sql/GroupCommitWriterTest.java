package dev.sextant.server.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.sqlite.SqliteDialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on SQLite: writes queued behind a running one share a transaction, each in its own savepoint. A
 * first write is held open until the others are queued, so they are sure to form one group.
 */
@Timeout(60)
class GroupCommitWriterTest {
    @TempDir
    Path folder;

    private Database database;

    @BeforeEach
    void open() {
        database = new Database(new SqliteDialect(folder.resolve("sextant.db")));
        database.writeVoid(handle -> handle.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void writes_queued_behind_a_running_one_commit_together_and_each_gets_its_own_answer() throws Exception {
        var results = inOneGroup(List.of(handle -> insert(handle, 1, "a"), handle -> insert(handle, 2, "b"),
                handle -> insert(handle, 3, "c")));

        assertThat(results).extracting(CompletableFuture::get).containsExactly(1, 2, 3);
        assertThat(notes()).containsExactly("a", "b", "c");
    }

    @Test
    void a_failing_member_commits_nothing_and_the_others_commit() throws Exception {
        var results = inOneGroup(List.of(
                handle -> insert(handle, 1, "kept"),
                handle -> {
                    insert(handle, 2, "rolled back");
                    throw SextantException.invalid("refused after writing");
                },
                handle -> insert(handle, 3, "also kept")));

        assertThat(results.get(0).get()).isEqualTo(1);
        assertThatThrownBy(() -> results.get(1).get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SextantException.class).hasMessageContaining("refused after writing");
        assertThat(results.get(2).get()).isEqualTo(3);
        assertThat(notes()).containsExactly("kept", "also kept");
    }

    @Test
    void a_member_that_breaks_the_shared_transaction_fails_alone_and_the_others_still_commit() throws Exception {
        var results = inOneGroup(List.of(
                handle -> insert(handle, 1, "first"),
                handle -> {
                    // Ends the transaction under everyone's feet: the group cannot commit, so each runs again alone.
                    handle.execute("ROLLBACK");
                    return 2;
                },
                handle -> insert(handle, 3, "third")));

        assertThat(results.get(0).get()).isEqualTo(1);
        assertThatThrownBy(() -> results.get(1).get()).isInstanceOf(ExecutionException.class);
        assertThat(results.get(2).get()).isEqualTo(3);
        assertThat(notes()).containsExactly("first", "third");
    }

    @Test
    void a_member_sees_the_writes_of_members_before_it_in_the_same_group() throws Exception {
        var results = inOneGroup(List.of(
                handle -> insert(handle, 1, "one"),
                handle -> handle.createQuery("SELECT COUNT(*) FROM notes").mapTo(Integer.class).one()));

        assertThat(results.get(1).get()).isEqualTo(1 + 1); // the holder's row and the first member's
    }

    @Test
    void neighbouring_writes_of_one_kind_run_as_one_batch_and_each_gets_its_own_answer() throws Exception {
        var notes = new NoteBatches();
        var results = inOneGroupOf(List.of(() -> notes.write(1, "a"), () -> notes.write(2, "b"), () -> notes.write(3, "c")));

        assertThat(results).extracting(CompletableFuture::get).containsExactly(1, 2, 3);
        assertThat(notes.batchSizes).containsExactly(3);
        assertThat(notes()).containsExactly("a", "b", "c");
    }

    @Test
    void a_write_the_batch_refuses_gets_its_own_error_and_the_others_of_the_batch_commit() throws Exception {
        var notes = new NoteBatches();
        var results = inOneGroupOf(List.of(() -> notes.write(1, "a"), () -> notes.write(2, "refuse me"), () -> notes.write(3, "c")));

        assertThat(results.get(0).get()).isEqualTo(1);
        assertThatThrownBy(() -> results.get(1).get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SextantException.class).hasMessageContaining("refused note 2");
        assertThat(results.get(2).get()).isEqualTo(3);
        assertThat(notes.batchSizes).containsExactly(3);
        assertThat(notes()).containsExactly("a", "c");
    }

    @Test
    void when_a_batch_throws_its_writes_run_one_by_one_and_only_the_bad_one_fails() throws Exception {
        var notes = new NoteBatches();
        // Row 1 is taken: the batch's one insert fails as a whole, then each write runs alone in its own savepoint.
        database.write(handle -> insert(handle, 1, "taken"));
        var results = inOneGroupOf(List.of(() -> notes.write(2, "b"), () -> notes.write(1, "clash"), () -> notes.write(3, "c"),
                () -> database.write(handle -> insert(handle, 4, "plain"))));

        assertThat(results.get(0).get()).isEqualTo(2);
        assertThatThrownBy(() -> results.get(1).get()).isInstanceOf(ExecutionException.class);
        assertThat(results.get(2).get()).isEqualTo(3);
        assertThat(results.get(3).get()).isEqualTo(4);
        assertThat(notes.batchSizes).containsExactly(3);
        assertThat(notes()).containsExactly("taken", "b", "c", "plain");
    }

    @Test
    void a_write_of_a_kind_that_is_alone_in_its_group_runs_its_own_work() {
        var notes = new NoteBatches();

        assertThat(notes.write(5, "alone")).isEqualTo(5);
        assertThat(notes.batchSizes).isEmpty();
        assertThat(notes()).containsExactly("alone");
    }

    @Test
    void an_acknowledged_write_is_visible_to_a_fresh_reader_at_once() {
        database.write(handle -> insert(handle, 7, "seen"));

        assertThat(notes()).containsExactly("seen");
    }

    @Test
    void a_write_may_not_start_another_write_from_inside() {
        assertThatThrownBy(() -> database.write(handle -> database.write(inner -> insert(inner, 1, "x"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(notes()).isEmpty();
    }

    @Test
    void writes_after_close_are_refused() {
        database.close();

        assertThatThrownBy(() -> database.write(handle -> insert(handle, 1, "late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hundreds_of_concurrent_writers_all_commit_exactly_once() throws Exception {
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 200; t++) {
            int id = t;
            var thread = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    int row = id * 5 + i;
                    database.write(handle -> insert(handle, row + 100, "w" + row));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (var thread : threads) thread.join();

        assertThat(notes()).hasSize(1000).doesNotHaveDuplicates();
    }

    /**
     * Runs {@code members} from their own threads while a first write holds the writer, so all of them are queued
     * when it finishes and run as one group; the holder writes row 0.
     */
    private List<CompletableFuture<Integer>> inOneGroup(List<Function<Handle, Integer>> members) throws Exception {
        return inOneGroupOf(members.stream().<Supplier<Integer>>map(member -> () -> database.write(member::apply)).toList());
    }

    /** As {@link #inOneGroup}, for writes submitted by {@code submits} (each a call that queues one write). */
    private List<CompletableFuture<Integer>> inOneGroupOf(List<Supplier<Integer>> submits) throws Exception {
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var holder = CompletableFuture.runAsync(() -> database.write(handle -> {
            insert(handle, 0, "holder");
            holding.countDown();
            await(release);
            return null;
        }));
        holding.await();
        var results = new ArrayList<CompletableFuture<Integer>>();
        for (var submit : submits) {
            results.add(CompletableFuture.supplyAsync(submit, runnable -> new Thread(runnable).start()));
            // Queue them in order: the next one is submitted once this one waits in the queue.
            while (database.queuedWrites() < results.size()) Thread.sleep(1);
        }
        release.countDown();
        holder.get();
        for (var result : results) {
            try {
                result.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // inspected by the test
            }
        }
        database.writeVoid(handle -> handle.execute("DELETE FROM notes WHERE id = 0"));
        return results;
    }

    /**
     * Notes written as coalesced writes: a batch inserts all its notes with one statement and refuses, without
     * writing it, a note whose text starts with "refuse"; alone, a note is written by its own insert.
     */
    private final class NoteBatches implements CoalescedWrites<Object[], Integer> {
        final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();

        Integer write(int id, String text) {
            return database.write(handle -> insert(handle, id, text), this, new Object[] {id, text});
        }

        @Override
        public List<Outcome<Integer>> runAll(Handle handle, List<Object[]> items) {
            batchSizes.add(items.size());
            var outcomes = new ArrayList<Outcome<Integer>>();
            var accepted = new ArrayList<Object[]>();
            for (var item : items) {
                boolean refused = ((String) item[1]).startsWith("refuse");
                if (!refused) accepted.add(item);
                outcomes.add(refused ? Outcome.failed(SextantException.invalid("refused note " + item[0])) : Outcome.of((Integer) item[0]));
            }
            var values = String.join(", ", java.util.Collections.nCopies(accepted.size(), "(?, ?)"));
            var update = handle.createUpdate("INSERT INTO notes (id, text) VALUES " + values);
            for (int i = 0; i < accepted.size(); i++) update.bind(2 * i, accepted.get(i)[0]).bind(2 * i + 1, accepted.get(i)[1]);
            update.execute();
            return outcomes;
        }
    }

    private static Integer insert(Handle handle, int id, String text) {
        handle.execute("INSERT INTO notes (id, text) VALUES (?, ?)", id, text);
        return id;
    }

    private List<String> notes() {
        return database.read(handle -> handle.createQuery("SELECT text FROM notes ORDER BY id").mapTo(String.class).list());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

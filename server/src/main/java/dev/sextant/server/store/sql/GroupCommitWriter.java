package dev.sextant.server.store.sql;

import dev.sextant.server.error.SextantException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import dev.sextant.server.store.WriteObserver;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a single-writer database, with group commit. Write transactions are queued and run one
 * after another on one thread; those that arrive while a commit is flushing form the next group, which runs in
 * one database transaction and pays for one fsync. Each member runs inside its own savepoint: a member that fails
 * is rolled back to it, so its writes never commit and the other members are untouched. Every member's caller is
 * answered only after the group's commit returned, i.e. once its data is durable.
 * <p>
 * When the group itself cannot finish (the commit fails, or a failure took the whole transaction with it so a
 * savepoint is gone), the group is rolled back and every member runs again alone, in its own transaction, which
 * is exactly what it would have met without grouping. A group of one is simply that one transaction.
 * <p>
 * The callers are answered by a second thread, the acknowledger, once the writer has the outcome: waking each of
 * a group's waiting request threads is a system call apiece (~10 % of the writer's CPU with 64 one-point clients),
 * and on the writer it delayed the next group, whose commit is what every waiting client needs next.
 * <p>
 * Writes that say they can be coalesced ({@link CoalescedWrites}) and sit next to each other in a group run as one
 * batch inside one savepoint; if that batch throws, it is rolled back and its writes run one by one in their own
 * savepoints as above. Savepoints are prepared statements kept on the writer's handle.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** Bounds one transaction's size and the latency of its first member; far above any concurrency we see. */
    static final int MAX_GROUP = 1024;
    private static final String SAVEPOINT = "SAVEPOINT group_member";
    private static final String RELEASE = "RELEASE group_member";
    private static final String ROLLBACK_TO = "ROLLBACK TO group_member";

    private final Jdbi jdbi;
    private final WriteObserver observer;
    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** Completes the callers' futures, in order, off the writer's thread; see the class comment. */
    private final ExecutorService acknowledger;
    private final Object submitLock = new Object();
    private volatile boolean closed;
    /** The writer thread's own handle, kept open with its prepared statements; reopened after a failed group. */
    private Handle handle;

    /**
     * One queued write and how its caller is answered; {@code kind} and {@code item} (both null for a write that
     * cannot be coalesced) let it run in one batch with its neighbours of the same kind.
     */
    private record Task<T>(HandleCallback<T, RuntimeException> work, CompletableFuture<T> result,
                           CoalescedWrites<Object, ?> kind, Object item) {
        T runOn(Handle handle) {
            return work.withHandle(handle);
        }

        @SuppressWarnings("unchecked")
        void succeed(Object value) {
            result.complete((T) value);
        }
    }

    /**
     * {@code name} is the writer thread's, {@code acknowledgerName} its acknowledger's; {@code observer} hears of
     * every commit and how many writes it carried, so grouping shows in monitoring.
     */
    GroupCommitWriter(Jdbi jdbi, String name, String acknowledgerName, WriteObserver observer) {
        this.jdbi = jdbi;
        this.observer = observer;
        this.acknowledger = Executors.newSingleThreadExecutor(task -> {
            var acknowledging = new Thread(task, acknowledgerName);
            acknowledging.setDaemon(true);
            return acknowledging;
        });
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code work} in a write transaction (possibly shared with others) and returns once it is committed. */
    <T> T write(HandleCallback<T, RuntimeException> work) {
        return submit(new Task<>(work, new CompletableFuture<T>(), null, null));
    }

    /**
     * As {@link #write(HandleCallback)}; when other writes of the same {@code kind} are queued next to it, {@code item}
     * is run in one batch with theirs instead ({@code work} remains what runs when it is alone or the batch failed).
     */
    @SuppressWarnings("unchecked")
    <I, T> T write(HandleCallback<T, RuntimeException> work, CoalescedWrites<I, T> kind, I item) {
        return submit(new Task<>(work, new CompletableFuture<T>(), (CoalescedWrites<Object, ?>) kind, item));
    }

    private <T> T submit(Task<T> task) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a write transaction may not start another one");
        }
        synchronized (submitLock) { // so that nothing is queued after the writer's last look at the queue
            if (closed) throw new IllegalStateException("the database is closed");
            queue.add(task);
        }
        try {
            return task.result().join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause());
        }
    }

    int queued() {
        return queue.size();
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) throw runtime;
        if (cause instanceof Error error) throw error;
        throw new IllegalStateException(cause);
    }

    private void loop() {
        var group = new ArrayList<Task<?>>();
        while (!closed || !queue.isEmpty()) {
            try {
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                if (group.size() == 1) runAlone(first);
                else runGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable unexpected) {
                // The loop must survive anything; whoever is still waiting learns what happened.
                LOG.error("the database writer failed", unexpected);
                closeHandle();
                for (var task : group) task.result().completeExceptionally(unexpected);
            } finally {
                group.clear();
            }
        }
        for (Task<?> task; (task = queue.poll()) != null; ) {
            task.result().completeExceptionally(new IllegalStateException("the database is closed"));
        }
        closeHandle();
    }

    private Handle handle() {
        if (handle == null) {
            handle = jdbi.open();
            handle.setStatementBuilder(new StatementCache());
        }
        return handle;
    }

    /** Gives the connection back to the pool, rolled back, whatever state a failure left it in. */
    private void closeHandle() {
        if (handle == null) return;
        var connection = handle.getConnection();
        try {
            handle.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the writer's handle after a failure", e);
        } finally {
            handle = null;
            try {
                if (!connection.isClosed()) {
                    if (!connection.getAutoCommit()) connection.rollback();
                    connection.close();
                }
            } catch (SQLException e) {
                LOG.warn("closing the writer's connection failed", e);
            }
        }
    }

    /** One transaction for one write: committed, or rolled back and the failure handed to the caller. */
    private void runAlone(Task<?> task) {
        try {
            long begin = System.nanoTime();
            var result = handle().inTransaction(task::runOn);
            observer.committed(1, System.nanoTime() - begin);
            acknowledger.execute(() -> task.succeed(result));
        } catch (Throwable e) {
            // A refused request leaves the connection as it was; anything else may not have, so start afresh.
            if (!(e instanceof SextantException)) closeHandle();
            acknowledger.execute(() -> task.result().completeExceptionally(e));
        }
    }

    private void runGroup(List<Task<?>> group) {
        var outcomes = new Object[group.size()];
        var failures = new Throwable[group.size()];
        boolean committed = false;
        var handle = handle();
        long begin = System.nanoTime();
        try {
            handle.begin();
            for (int first = 0; first < group.size(); ) {
                int end = first + 1;
                var kind = group.get(first).kind();
                while (kind != null && end < group.size() && group.get(end).kind() == kind) end++;
                if (end - first < 2 || !runCoalesced(handle, group, first, end, outcomes, failures)) {
                    for (int i = first; i < end; i++) runMember(handle, group.get(i), i, outcomes, failures);
                }
                first = end;
            }
            handle.commit();
            committed = true;
            observer.committed(group.size(), System.nanoTime() - begin);
        } catch (SQLException | RuntimeException groupFailure) {
            LOG.warn("a group of {} writes could not commit together; running each alone", group.size(), groupFailure);
            rollbackQuietly(handle);
            closeHandle();
        }
        if (!committed) {
            for (var task : group) runAlone(task);
            return;
        }
        var members = List.copyOf(group); // the loop clears its list for the next group
        acknowledger.execute(() -> {
            for (int i = 0; i < members.size(); i++) {
                if (failures[i] != null) members.get(i).result().completeExceptionally(failures[i]);
                else members.get(i).succeed(outcomes[i]);
            }
        });
    }

    /** One member in its own savepoint: rolled back to it when it throws, and the failure kept for its caller. */
    private static void runMember(Handle handle, Task<?> task, int index, Object[] outcomes, Throwable[] failures)
            throws SQLException {
        execute(handle, SAVEPOINT);
        try {
            outcomes[index] = task.runOn(handle);
        } catch (RuntimeException | Error memberFailure) {
            failures[index] = memberFailure;
            execute(handle, ROLLBACK_TO);
        }
        execute(handle, RELEASE);
    }

    /**
     * Members [first, end), all of one kind, as one batch in one savepoint. Returns false, with nothing of theirs
     * written, when the batch threw: the caller then runs them one by one.
     */
    private static boolean runCoalesced(Handle handle, List<Task<?>> group, int first, int end, Object[] outcomes,
                                        Throwable[] failures) throws SQLException {
        var items = new ArrayList<>(end - first);
        for (int i = first; i < end; i++) items.add(group.get(i).item());
        execute(handle, SAVEPOINT);
        List<? extends CoalescedWrites.Outcome<?>> results;
        try {
            results = group.get(first).kind().runAll(handle, items);
        } catch (RuntimeException | Error batchFailure) {
            LOG.debug("a coalesced batch of {} writes failed; running each in its own savepoint", items.size(), batchFailure);
            execute(handle, ROLLBACK_TO);
            execute(handle, RELEASE);
            return false;
        }
        execute(handle, RELEASE);
        for (int i = first; i < end; i++) {
            var outcome = results.get(i - first);
            if (outcome.failure() != null) failures[i] = outcome.failure();
            else outcomes[i] = outcome.value();
        }
        return true;
    }

    /** Savepoint statements are kept prepared on the writer's handle: compiling them each time cost more than running them. */
    private static void execute(Handle handle, String sql) throws SQLException {
        StatementCache.with(handle, sql, statement -> statement.execute());
    }

    private static void rollbackQuietly(Handle handle) {
        try {
            handle.rollback();
        } catch (RuntimeException e) {
            LOG.warn("rolling back a failed group failed too", e);
        }
    }

    /** Runs what is already queued, then stops; later writes are refused. */
    @Override
    public void close() {
        synchronized (submitLock) {
            closed = true;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            acknowledger.shutdown(); // after the writer: every outcome it handed over is still delivered
            acknowledger.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

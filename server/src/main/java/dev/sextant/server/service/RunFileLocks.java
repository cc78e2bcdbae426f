package dev.sextant.server.service;

import dev.sextant.server.error.SextantException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a run's uploads apart from what removes its files (delete, purge) in this process: uploads share, a removal
 * is alone. Without it a purge racing a restore and an upload removed the new file's bytes but kept its index row.
 * A caller that cannot get in within {@link #WAIT_SECONDS} gets a 409 rather than waiting on a long upload. A lock
 * lives only while someone holds or waits for it, so runs leave nothing behind.
 */
final class RunFileLocks {
    static final long WAIT_SECONDS = 5;

    private static final class Entry {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
        int users;
    }

    /** Releases what {@link #upload} or {@link #removal} took. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, Entry> locks = new HashMap<>();

    Held upload(String runId) {
        return acquire(runId, false, "its files are being deleted or purged");
    }

    Held removal(String runId) {
        return acquire(runId, true, "files are being uploaded to it");
    }

    private Held acquire(String runId, boolean exclusive, String busy) {
        Entry entry;
        synchronized (locks) {
            entry = locks.computeIfAbsent(runId, id -> new Entry());
            entry.users++;
        }
        var lock = exclusive ? entry.lock.writeLock() : entry.lock.readLock();
        boolean acquired = false;
        try {
            acquired = lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!acquired) release(runId, entry);
        }
        if (!acquired) {
            throw SextantException.invalidState("run '" + runId + "' is busy: " + busy + "; try again when that is done");
        }
        return () -> {
            lock.unlock();
            release(runId, entry);
        };
    }

    private void release(String runId, Entry entry) {
        synchronized (locks) {
            if (--entry.users == 0) locks.remove(runId);
        }
    }
}

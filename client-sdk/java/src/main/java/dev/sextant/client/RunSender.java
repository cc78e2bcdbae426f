package dev.sextant.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one background thread of a run: drains the point buffer in batches (when a batch is full or the
 * flush interval passed), sends run events in order, and when the server is unreachable appends to the
 * run's spool and replays it, with exponential backoff and jitter, once the server answers again.
 * While the spool holds anything, new writes go behind it so the server sees them in order.
 * A 4xx is logged once per distinct message and the event is moved to the spool's dead-letter file.
 */
final class RunSender {
    private static final System.Logger LOG = System.getLogger("dev.sextant.client");
    private static final int REPLAY_EVENTS_PER_PASS = 8;

    private final String runId;
    private final PointBuffer buffer;
    private final HttpTransport transport;
    private final Spool spool;
    private final RequestBodies bodies;
    private final SextantOptions options;
    private final Queue<SpoolEvent> control = new ConcurrentLinkedQueue<>();
    private final AtomicLong controlAdded = new AtomicLong();
    private final Thread thread;
    private final Object progress = new Object();
    private final SplittableRandom random = new SplittableRandom();
    private final Set<String> reportedRejections = new HashSet<>();
    private final PointBatch batch;
    private final long flushIntervalNanos;

    private volatile boolean flushRequested;
    private volatile boolean stopRequested;
    private volatile Throwable failure;
    private volatile long pointsHandled;
    private volatile long controlHandled;
    private volatile boolean spoolPending;
    private final AtomicLong pointsSent = new AtomicLong();
    private final AtomicLong eventsRejected = new AtomicLong();
    private long lastSendNanos = System.nanoTime();
    private int replayAttempt;
    private long nextReplayNanos;
    private boolean reportedUnavailable;

    /** {@code transport} is null in offline mode: everything goes to the spool. */
    RunSender(String runId, PointBuffer buffer, HttpTransport transport, Spool spool, RequestBodies bodies,
              SextantOptions options) {
        this.runId = runId;
        this.buffer = buffer;
        this.transport = transport;
        this.spool = spool;
        this.bodies = bodies;
        this.options = options;
        this.batch = PointBatch.allocate(options.batchSize());
        this.flushIntervalNanos = options.flushInterval().toNanos();
        this.thread = new Thread(this::loop, "sextant-sender-" + runId.substring(0, 8));
        thread.setDaemon(true);
        buffer.attachConsumer(thread, () -> thread.isAlive() || !stopRequested);
    }

    void start() {
        thread.start();
    }

    /** Queues a run event (create, config, tags, status, artifact) behind everything queued before it. */
    void enqueue(SpoolEvent event) {
        requireRunning();
        controlAdded.incrementAndGet();
        control.add(event);
        LockSupport.unpark(thread);
    }

    /** Queues the last event of a run (its final status) after the run stopped accepting writes. */
    void enqueueFinal(SpoolEvent event) {
        if (failure != null) throw new IllegalStateException("the sender of run " + runId + " failed", failure);
        controlAdded.incrementAndGet();
        control.add(event);
        LockSupport.unpark(thread);
    }

    /**
     * Waits until everything logged so far has reached the server (or, offline, the spool).
     * Returns false when {@code timeout} passed first; whatever is left stays in the spool.
     */
    boolean flush(Duration timeout) {
        long targetPoints = buffer.added();
        long targetControl = controlAdded.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        flushRequested = true;
        LockSupport.unpark(thread);
        synchronized (progress) {
            while (!flushed(targetPoints, targetControl)) {
                long waitMs = (deadline - System.nanoTime()) / 1_000_000;
                if (waitMs <= 0 || !thread.isAlive()) return false;
                try {
                    progress.wait(Math.min(waitMs, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (!flushRequested) {
                    flushRequested = true;
                    LockSupport.unpark(thread);
                }
            }
        }
        return true;
    }

    private boolean flushed(long targetPoints, long targetControl) {
        return pointsHandled >= targetPoints && controlHandled >= targetControl && (transport == null || !spoolPending);
    }

    /** Stops the thread after its current pass; call {@link #flush} first. */
    void stop() {
        stopRequested = true;
        LockSupport.unpark(thread);
        try {
            thread.join(options.requestTimeout().toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long pointsSent() {
        return pointsSent.get();
    }

    long eventsRejected() {
        return eventsRejected.get();
    }

    long spoolPendingBytes() {
        return spool.pendingBytes();
    }

    private void requireRunning() {
        if (failure != null) throw new IllegalStateException("the sender of run " + runId + " failed", failure);
        if (stopRequested) throw new IllegalStateException("run " + runId + " is closed");
    }

    private void loop() {
        try {
            while (!stopRequested) {
                long waitNanos = nanosUntilWork();
                if (waitNanos > 0) LockSupport.parkNanos(this, waitNanos);
                pass();
            }
        } catch (Throwable t) {
            failure = t;
            LOG.log(Level.ERROR, "Sextant: the sender of run " + runId + " stopped; points still in memory are lost "
                    + "unless they were spooled to " + spool.dir(), t);
        } finally {
            publish();
        }
    }

    private long nanosUntilWork() {
        if (flushRequested || !control.isEmpty() || buffer.size() >= batch.keys().length) return 0;
        long now = System.nanoTime();
        long wait = lastSendNanos + flushIntervalNanos - now;
        if (transport != null && spool.hasPending()) wait = Math.min(wait, nextReplayNanos - now);
        return wait;
    }

    private void pass() throws IOException {
        boolean due = flushRequested || System.nanoTime() - lastSendNanos >= flushIntervalNanos;
        flushRequested = false;
        SpoolEvent event;
        while ((event = control.poll()) != null) {
            deliver(event);
            controlHandled++;
        }
        while (buffer.size() >= batch.keys().length || (due && buffer.size() > 0)) {
            int count = buffer.drain(batch, batch.keys().length);
            deliver(SpoolEvent.metrics(runId, bodies.metrics(batch.withSize(count)), count));
            pointsHandled += count;
            publish();
        }
        if (due) lastSendNanos = System.nanoTime();
        replayIfDue();
        publish();
    }

    private void deliver(SpoolEvent event) throws IOException {
        if (transport == null || spool.hasPending()) {
            spool.append(event);
            return;
        }
        try {
            transport.send(event);
            pointsSent.addAndGet(event.points());
        } catch (ServerUnavailableException e) {
            reportUnavailable(e);
            spool.append(event);
        } catch (ServerRejectedException e) {
            reject(event, e);
        }
    }

    private void replayIfDue() throws IOException {
        if (transport == null || !spool.hasPending() || System.nanoTime() < nextReplayNanos) return;
        try {
            pointsSent.addAndGet(SpoolReplay.replay(spool, transport, REPLAY_EVENTS_PER_PASS, this::reject));
            replayAttempt = 0;
            if (!spool.hasPending() && reportedUnavailable) {
                reportedUnavailable = false;
                LOG.log(Level.INFO, "Sextant: the server is back; run " + runId + "'s spool is replayed");
            }
        } catch (ServerUnavailableException e) {
            nextReplayNanos = System.nanoTime() + options.backoff().delayMs(replayAttempt++, random) * 1_000_000;
        }
    }

    private void reportUnavailable(ServerUnavailableException e) {
        replayAttempt = 0;
        nextReplayNanos = System.nanoTime() + options.backoff().delayMs(replayAttempt++, random) * 1_000_000;
        if (reportedUnavailable) return;
        reportedUnavailable = true;
        LOG.log(Level.WARNING, "Sextant: " + e.getMessage() + "; spooling run " + runId + " to " + spool.dir()
                + " and replaying it when the server answers");
    }

    private void reject(SpoolEvent event, ServerRejectedException e) {
        eventsRejected.incrementAndGet();
        try {
            spool.deadLetter(event, e.getMessage());
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        if (reportedRejections.add(e.getMessage())) {
            LOG.log(Level.ERROR, "Sextant: the server rejected " + event.op().wireName + " for run " + runId + ": "
                    + e.getMessage() + ". It will not be retried; the request is saved in "
                    + spool.dir().resolve(Spool.DEAD_LETTER));
        }
    }

    private void publish() {
        spoolPending = spool.hasPending();
        synchronized (progress) {
            progress.notifyAll();
        }
    }
}

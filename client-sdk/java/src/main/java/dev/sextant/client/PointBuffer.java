package dev.sextant.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A bounded ring of points stored in primitive columns, so logging allocates nothing. Any thread may
 * add; one consumer drains. When the ring is full, {@link #add} blocks until the consumer makes room
 * (back-pressure): a point is never dropped. The consumer thread is woken when a full batch is ready.
 */
final class PointBuffer {
    private final String[] keys;
    private final double[] values;
    private final long[] steps;
    private final long[] timestampsMs;
    private final int capacity;
    private final int wakeThreshold;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private int head;
    private int size;
    private long added;
    private volatile Thread consumer;
    private BooleanSupplier consumerAlive = () -> true;

    PointBuffer(int capacity, int wakeThreshold) {
        if (capacity < 1) throw new IllegalArgumentException("buffer capacity must be >= 1, got " + capacity);
        this.capacity = capacity;
        this.wakeThreshold = Math.max(1, Math.min(wakeThreshold, capacity));
        keys = new String[capacity];
        values = new double[capacity];
        steps = new long[capacity];
        timestampsMs = new long[capacity];
    }

    /** The thread to unpark when a batch is ready, and how to tell that it died (so producers never wait forever). */
    void attachConsumer(Thread thread, BooleanSupplier alive) {
        consumer = thread;
        consumerAlive = alive;
    }

    void add(String key, double value, long step, long timestampMs) {
        boolean wake;
        lock.lock();
        try {
            awaitRoom(1);
            put(key, value, step, timestampMs);
            wake = size == wakeThreshold;
        } finally {
            lock.unlock();
        }
        if (wake) wakeConsumer();
    }

    /** Adds several points of one step atomically with respect to draining order. */
    void addAll(String[] batchKeys, double[] batchValues, int count, long step, long timestampMs) {
        boolean wake = false;
        lock.lock();
        try {
            for (int i = 0; i < count; i++) {
                awaitRoom(1);
                put(batchKeys[i], batchValues[i], step, timestampMs);
                wake |= size == wakeThreshold;
            }
        } finally {
            lock.unlock();
        }
        if (wake) wakeConsumer();
    }

    private void put(String key, double value, long step, long timestampMs) {
        int slot = head + size;
        if (slot >= capacity) slot -= capacity;
        keys[slot] = key;
        values[slot] = value;
        steps[slot] = step;
        timestampsMs[slot] = timestampMs;
        size++;
        added++;
    }

    private void awaitRoom(int needed) {
        while (capacity - size < needed) {
            wakeConsumer();
            if (!consumerAlive.getAsBoolean()) {
                throw new IllegalStateException("the run is closed: its sender has stopped, so the point cannot be logged");
            }
            try {
                notFull.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for room in the metric buffer", e);
            }
        }
    }

    private void wakeConsumer() {
        Thread thread = consumer;
        if (thread != null) LockSupport.unpark(thread);
    }

    /** Moves up to {@code max} of the oldest points into {@code target} and returns how many. */
    int drain(PointBatch target, int max) {
        lock.lock();
        try {
            int count = Math.min(Math.min(max, size), target.keys().length);
            for (int i = 0; i < count; i++) {
                int slot = head + i;
                if (slot >= capacity) slot -= capacity;
                target.keys()[i] = keys[slot];
                target.values()[i] = values[slot];
                target.steps()[i] = steps[slot];
                target.timestampsMs()[i] = timestampsMs[slot];
                keys[slot] = null;
            }
            head = (head + count) % capacity;
            size -= count;
            if (count > 0) notFull.signalAll();
            return count;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** How many points were ever added; with the consumer's own count this tells when a flush is done. */
    long added() {
        lock.lock();
        try {
            return added;
        } finally {
            lock.unlock();
        }
    }
}

package dev.sextant.server.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * JSON bodies that are parsed whole (every route but artifact uploads and native metric batches, which stream) and
 * are large (over 1 MiB, or chunked with no declared length) are handled one at a time, from parse to answer. Within
 * its limits such a body may take ~60 MB of heap to parse (Json.BODY_CONSTRAINTS bounds its tokens, max-json-body its
 * text), so a few at once could exhaust a small heap; small bodies, which all ordinary requests are, never wait.
 * A request that cannot enter within {@link #MAX_WAIT_SECONDS} is refused with 429 (clients retry it).
 */
final class LargeBodyLane {
    static final long LARGE_BODY_BYTES = 1L << 20;
    static final long MAX_WAIT_SECONDS = 60;

    private final Semaphore lane = new Semaphore(1, true);

    /** True once the caller may go on; it must then {@link #leave()}. False after the wait, or when interrupted. */
    boolean enter() {
        try {
            return lane.tryAcquire(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void leave() {
        lane.release();
    }
}

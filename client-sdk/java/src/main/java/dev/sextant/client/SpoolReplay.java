package dev.sextant.client;

import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * Sends a spool's pending events to the server in order, acknowledging each one as it is accepted.
 * A rejected event (4xx) is handed to {@code onRejected} and acknowledged, so one bad request never
 * blocks the rest; an unavailable server stops the replay where it is, to be resumed later.
 */
final class SpoolReplay {
    private static final int READ_AHEAD = 16;

    private SpoolReplay() {}

    /** Replays up to {@code maxEvents} events; returns how many metric points the server accepted. */
    static long replay(Spool spool, HttpTransport transport, int maxEvents,
                       BiConsumer<SpoolEvent, ServerRejectedException> onRejected)
            throws ServerUnavailableException, IOException {
        long points = 0;
        int sent = 0;
        while (sent < maxEvents && spool.hasPending()) {
            var entries = spool.pending(Math.min(READ_AHEAD, maxEvents - sent));
            if (entries.isEmpty()) break;
            for (var entry : entries) {
                try {
                    transport.send(entry.event());
                    points += entry.event().points();
                } catch (ServerRejectedException e) {
                    onRejected.accept(entry.event(), e);
                }
                spool.acknowledge(entry.endPosition());
                sent++;
            }
        }
        return points;
    }
}

package dev.sextant.client;

import java.util.List;

/**
 * What {@link Sextant#sync} did: runs whose spool was fully uploaded, runs skipped because a live process
 * owns them, runs left (partly) unsent with why, requests the server rejected (now in dead-letter files),
 * and metric points uploaded.
 */
public record SyncResult(List<String> runsSynced, List<String> runsSkipped, List<String> problems, long eventsRejected,
                         long pointsSent) {
    public SyncResult {
        runsSynced = List.copyOf(runsSynced);
        runsSkipped = List.copyOf(runsSkipped);
        problems = List.copyOf(problems);
    }

    public boolean complete() {
        return problems.isEmpty();
    }
}

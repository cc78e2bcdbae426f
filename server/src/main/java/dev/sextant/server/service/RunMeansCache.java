package dev.sextant.server.service;

import dev.sextant.server.domain.MetricSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Each run's bucket means on a grid, kept for the next group read of the same runs (band or grouping changed,
 * page reloaded). A key names the run, the grid and the state of every series it read (points, extent, last
 * timestamp): points are only ever added, and any new one changes that state, so an entry is never stale for a
 * request that sees the series as it is now. Least recently used entries go first. Thread-safe.
 */
final class RunMeansCache {
    private final int maxEntries;
    private final Map<String, Double[]> entries;

    RunMeansCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Double[]> eldest) {
                return size() > RunMeansCache.this.maxEntries;
            }
        };
    }

    /** The state of a series as far as its bucket means go. */
    static String state(MetricSummary summary) {
        return summary == null ? "-" : summary.count() + ":" + summary.firstStep() + ":" + summary.lastStep() + ":" + summary.lastTimestampMs();
    }

    /** The cached row, or null. */
    Double[] find(String key) {
        synchronized (entries) {
            return entries.get(key);
        }
    }

    void put(String key, Double[] row) {
        synchronized (entries) {
            entries.put(key, row);
        }
    }

    Double[] get(String key, Supplier<Double[]> compute) {
        synchronized (entries) {
            var cached = entries.get(key);
            if (cached != null) return cached;
        }
        var row = compute.get();
        synchronized (entries) {
            entries.put(key, row);
        }
        return row;
    }
}

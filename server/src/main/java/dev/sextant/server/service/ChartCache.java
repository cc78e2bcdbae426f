package dev.sextant.server.service;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded LRU of rendered images by ETag, limited both in entries and in bytes. Thread-safe. */
final class ChartCache {
    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ChartCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    synchronized byte[] get(String etag) {
        return entries.get(etag);
    }

    synchronized void put(String etag, byte[] body) {
        if (body.length > maxBytes) return;
        var previous = entries.put(etag, body);
        bytes += body.length - (previous == null ? 0 : previous.length);
        var eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            Map.Entry<String, byte[]> entry = eldest.next();
            bytes -= entry.getValue().length;
            eldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}

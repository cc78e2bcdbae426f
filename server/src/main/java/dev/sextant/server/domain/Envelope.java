package dev.sextant.server.domain;

import java.util.List;

/** A series downsampled into buckets of equal step width; totalCount is the whole series' size. */
public record Envelope(
        String runId,
        String key,
        long totalCount,
        long fromStep,
        long toStep,
        long bucketWidth,
        List<EnvelopeBucket> buckets) {

    public Envelope {
        buckets = List.copyOf(buckets);
    }
}

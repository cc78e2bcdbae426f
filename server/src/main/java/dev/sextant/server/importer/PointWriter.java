package dev.sextant.server.importer;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.service.MetricService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a run's points to {@link MetricService#log} in batches, each one transaction through the same idempotent
 * write path as the APIs. Resuming: batches are consecutive slices of the source's (repeatable) point stream and
 * commit in order, so what an interrupted import stored of each series is a prefix of that series' stream; the
 * first {@code count} points of a series already holding {@code count} points are skipped. Skipping too few is
 * harmless (a re-sent point is a no-op), and since identical points collapse, the count never exceeds the prefix.
 */
final class PointWriter implements SourceRun.PointSink {
    private final MetricService metrics;
    private final String runId;
    private final int batchSize;
    private final Map<String, Long> toSkip;
    private final Map<String, Long> seen = new HashMap<>();
    private final ImportKeys keys;
    private final ImportReport report;
    private final ImportProgress progress;
    private final List<MetricPoint> batch = new ArrayList<>();
    private long skipped;

    PointWriter(MetricService metrics, String runId, int batchSize, Map<String, Long> alreadyStored, ImportKeys keys,
                ImportReport report, ImportProgress progress) {
        this.metrics = metrics;
        this.runId = runId;
        this.batchSize = batchSize;
        this.toSkip = alreadyStored;
        this.keys = keys;
        this.report = report;
        this.progress = progress;
    }

    @Override
    public void point(String sourceKey, long step, long timestampMs, double value) {
        String key = keys.clean("metric", sourceKey);
        if (key == null) return;
        if (timestampMs < 0) {
            report.skip("metric points with a timestamp before 1970", sourceKey + " at step " + step);
            return;
        }
        long index = seen.merge(key, 1L, Long::sum);
        if (index <= toSkip.getOrDefault(key, 0L)) {
            skipped++;
            return;
        }
        batch.add(new MetricPoint(key, value, timestampMs, step));
        if (batch.size() >= batchSize) flush();
    }

    void flush() {
        if (batch.isEmpty()) return;
        metrics.log(runId, batch, Map.of(), Map.of());
        report.points(batch.size(), 0);
        progress.points(batch.size());
        batch.clear();
    }

    /** Points that were already stored by an earlier, interrupted import of this run. */
    long skipped() {
        return skipped;
    }
}

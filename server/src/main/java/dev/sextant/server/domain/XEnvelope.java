package dev.sextant.server.domain;

import java.util.List;

/**
 * One run's series summarised over buckets of another metric's value (x = metric:&lt;key&gt;): bucket
 * [x_start, x_end) (the last closed) holds the points whose step maps to an x in it; start_step..end_step are those
 * steps. Values are as in {@link EnvelopeBucket}.
 */
public record XEnvelope(String runId, String key, String x, Double from, Double to, List<Bucket> buckets) {

    public XEnvelope {
        buckets = List.copyOf(buckets);
    }

    public record Bucket(double xStart, double xEnd, long startStep, long endStep, long count, double min, double max,
                         double mean, long firstStep, long firstTimestampMs, double first, long lastStep,
                         long lastTimestampMs, double last) {}
}

package dev.sextant.server.domain;

import java.util.List;
import java.util.Map;

/**
 * Group statistics of one metric over a bucket grid shared by all runs. {@code from}/{@code to} are the x range
 * (steps, milliseconds or the x metric's values); each group names its key values (null = the run lacks the key),
 * all its runs, and those of them with no point in the range.
 */
public record MetricGroups(String key, String x, Number from, Number to, List<Group> groups) {

    public MetricGroups {
        groups = List.copyOf(groups);
    }

    public record Group(Map<String, String> group, List<String> runIds, List<String> runsWithoutPoints,
                        List<Bucket> buckets) {
        public Group {
            runIds = List.copyOf(runIds);
            runsWithoutPoints = List.copyOf(runsWithoutPoints);
            buckets = List.copyOf(buckets);
        }
    }

    /**
     * One bucket: x_start/x_end (steps inclusive; otherwise [x_start, x_end), the last bucket closed), n runs with a
     * finite mean here, nan_runs with a non-finite one, and the statistics over the n values (null when undefined).
     */
    public record Bucket(Number xStart, Number xEnd, int n, int nanRuns, Double mean, Double std, Double stderr,
                         Double ci95Low, Double ci95High, Double min, Double max, Double median) {}
}

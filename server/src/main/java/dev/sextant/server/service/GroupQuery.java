package dev.sextant.server.service;

import java.util.List;

/**
 * A group read as the caller asked for it: the runs (of experiments and/or by id, narrowed by a filter), the keys
 * that split them into groups, the metric, its x axis (wire form, see {@link XAxis}), about how many buckets, and
 * an optional x range. Lists are never null; the rest may be.
 */
public record GroupQuery(List<String> experimentIds, List<String> runIds, String filter, List<String> groupBy,
                         String key, String x, Integer buckets, Double from, Double to) {
    public GroupQuery {
        experimentIds = experimentIds == null ? List.of() : List.copyOf(experimentIds);
        runIds = runIds == null ? List.of() : List.copyOf(runIds);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    }
}

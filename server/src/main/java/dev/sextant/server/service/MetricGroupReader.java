package dev.sextant.server.service;

import dev.sextant.server.analysis.GroupStatistics;
import dev.sextant.server.domain.MetricGroups;
import dev.sextant.server.domain.Run;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.TrackingStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Group statistics of a metric: runs split by their group_by values, every run's exact bucket means on one
 * shared grid ({@link GroupGrids}), and per group and bucket the statistics of those means ({@link GroupStatistics}).
 */
final class MetricGroupReader {
    static final int MAX_GROUP_KEYS = 10;
    static final int DEFAULT_BUCKETS = 1000;

    private final TrackingStore store;
    private final Limits limits;
    private final RunMeansCache cache;

    MetricGroupReader(TrackingStore store, Limits limits, RunMeansCache cache) {
        this.store = store;
        this.limits = limits;
        this.cache = cache;
    }

    MetricGroups read(GroupQuery query) {
        if (query.key() == null) throw SextantException.invalid("key is required");
        InputRules.key(limits, "metric", query.key());
        int buckets = query.buckets() == null ? DEFAULT_BUCKETS : query.buckets();
        InputRules.range("buckets", buckets, 1, MetricService.MAX_BUCKETS);
        var x = XAxis.parse(query.x(), limits);
        if (query.groupBy().size() > MAX_GROUP_KEYS) {
            throw SextantException.invalid("group_by may name at most " + MAX_GROUP_KEYS + " keys, got " + query.groupBy().size());
        }
        var keys = query.groupBy().stream().map(GroupKey::parse).toList();
        checkRange(query.from(), query.to());
        var runs = GroupRuns.select(store, limits, query);
        var grid = new GroupGrids(store, cache).read(runs, query.key(), x, buckets, query.from(), query.to());
        var groups = new ArrayList<MetricGroups.Group>();
        split(runs, keys).forEach((values, members) -> groups.add(group(keys, values, members, grid)));
        return new MetricGroups(query.key(), x.wireName(), grid.from(), grid.to(), groups);
    }

    private static void checkRange(Double from, Double to) {
        if (from != null && !Double.isFinite(from)) throw SextantException.invalid("from must be a finite number, got " + from);
        if (to != null && !Double.isFinite(to)) throw SextantException.invalid("to must be a finite number, got " + to);
        if (from != null && to != null && from > to) throw SextantException.invalid("from must be <= to, got " + from + " > " + to);
    }

    /** Runs by their values of the keys, groups ordered by those values (numbers as numbers, missing last). */
    private static Map<List<String>, List<Run>> split(List<Run> runs, List<GroupKey> keys) {
        var groups = new TreeMap<List<String>, List<Run>>(MetricGroupReader::compareValues);
        for (var run : runs) {
            var values = new ArrayList<String>();
            for (var key : keys) values.add(key.valueOf(run));
            groups.computeIfAbsent(Collections.unmodifiableList(values), v -> new ArrayList<>()).add(run);
        }
        return groups;
    }

    private static int compareValues(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Comparator.<String>nullsLast((x, y) -> {
                var nx = number(x);
                var ny = number(y);
                return nx != null && ny != null && !nx.equals(ny) ? Double.compare(nx, ny) : x.compareTo(y);
            }).compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }

    private static Double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static MetricGroups.Group group(List<GroupKey> keys, List<String> values, List<Run> members, RunBuckets grid) {
        var named = new LinkedHashMap<String, String>();
        for (int i = 0; i < keys.size(); i++) named.put(keys.get(i).name(), values.get(i));
        var runIds = members.stream().map(Run::runId).toList();
        var rows = new ArrayList<Double[]>();
        var withoutPoints = new ArrayList<String>();
        for (var runId : runIds) {
            var row = grid.values().get(runId);
            boolean any = false;
            if (row != null) for (var value : row) any |= value != null;
            if (any) rows.add(row);
            else withoutPoints.add(runId);
        }
        var buckets = new ArrayList<MetricGroups.Bucket>();
        var runValues = new double[rows.size()];
        for (int i = 0; i < grid.count(); i++) {
            int m = 0;
            for (var row : rows) if (row[i] != null) runValues[m++] = row[i];
            if (m == 0) continue;
            var s = GroupStatistics.of(java.util.Arrays.copyOf(runValues, m));
            buckets.add(new MetricGroups.Bucket(grid.xStarts()[i], grid.xEnds()[i], s.n(), s.nanRuns(), s.mean(), s.std(),
                    s.stderr(), s.ci95Low(), s.ci95High(), s.min(), s.max(), s.median()));
        }
        return new MetricGroups.Group(Collections.unmodifiableMap(named), runIds, withoutPoints, buckets);
    }
}

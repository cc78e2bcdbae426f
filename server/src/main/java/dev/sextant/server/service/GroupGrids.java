package dev.sextant.server.service;

import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.XEnvelope;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.TrackingStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads every run's bucket means on one grid for each kind of x. Step: the envelope's aligned grid, each run's
 * buckets read exactly from its chunk pyramid. x metric: each bucket of x values is one interval of steps per run
 * (x never decreases), read exactly from the pyramid too. Time: the points' own timestamps, which the pyramid
 * does not index, so every raw point is read (exact, and as slow as a full read).
 */
final class GroupGrids {
    private final TrackingStore store;
    private final RunMeansCache cache;

    GroupGrids(TrackingStore store) {
        this(store, new RunMeansCache(0));
    }

    GroupGrids(TrackingStore store, RunMeansCache cache) {
        this.store = store;
        this.cache = cache;
    }

    RunBuckets read(List<Run> runs, String key, XAxis x, int buckets, Double from, Double to) {
        return switch (x.kind()) {
            case STEP -> steps(runs, key, buckets, from, to);
            case RELATIVE_TIME, WALL_TIME -> times(runs, key, x.kind() == XAxis.Kind.RELATIVE_TIME, buckets, from, to);
            case METRIC -> byMetric(runs, key, x.metricKey(), buckets, from, to);
        };
    }

    static MetricSummary summary(Run run, String key) {
        for (var summary : run.metrics()) if (summary.key().equals(key) && summary.count() > 0) return summary;
        return null;
    }

    private RunBuckets steps(List<Run> runs, String key, int buckets, Double fromX, Double toX) {
        Long from = fromX == null ? null : wholeStep("from", fromX);
        Long to = toX == null ? null : wholeStep("to", toX);
        for (var run : runs) {
            var summary = summary(run, key);
            if (summary == null) continue;
            if (fromX == null) from = from == null ? summary.firstStep() : Math.min(from, summary.firstStep());
            if (toX == null) to = to == null ? summary.lastStep() : Math.max(to, summary.lastStep());
        }
        if (from == null || to == null || from > to) return RunBuckets.empty(from, to);
        var grid = StepGrid.of(from, to, buckets);
        var xStarts = new Number[grid.count()];
        var xEnds = new Number[grid.count()];
        for (int i = 0; i < grid.count(); i++) {
            xStarts[i] = grid.starts()[i];
            xEnds[i] = grid.end(i);
        }
        var withKey = runs.stream().filter(run -> summary(run, key) != null).toList();
        var gridKey = "step|" + key + "|" + from + "|" + to + "|" + grid.width();
        var cacheKeys = new LinkedHashMap<String, String>();
        var values = new LinkedHashMap<String, Double[]>();
        var missing = new ArrayList<String>();
        for (var run : withKey) {
            var cacheKey = run.runId() + "|" + gridKey + "|" + RunMeansCache.state(summary(run, key));
            cacheKeys.put(run.runId(), cacheKey);
            values.put(run.runId(), cache.find(cacheKey));
            if (values.get(run.runId()) == null) missing.add(run.runId());
        }
        // The runs not cached are read in one slice a core, each slice one read with its statements kept between runs.
        int slices = Math.min(missing.size(), Runtime.getRuntime().availableProcessors());
        IntStream.range(0, slices).parallel().forEach(slice -> {
            var ids = missing.subList(slice * missing.size() / slices, (slice + 1) * missing.size() / slices);
            var means = store.readIntervalMeans(ids, key, grid.starts(), grid.to());
            for (var runId : ids) {
                var row = new Double[grid.count()];
                var list = means.get(runId);
                if (list != null) list.forEach(interval -> row[grid.indexOfStart(interval.startStep())] = interval.mean());
                cache.put(cacheKeys.get(runId), row);
                synchronized (values) {
                    values.put(runId, row);
                }
            }
        });
        return new RunBuckets(from, to, xStarts, xEnds, values);
    }

    private static long wholeStep(String name, double value) {
        if (value != Math.rint(value) || Math.abs(value) > 9.007199254740992E15) {
            throw SextantException.invalid(name + " must be a whole step when x is step, got " + value);
        }
        return (long) value;
    }

    private interface PointVisitor {
        void visit(double x, double value);
    }

    private void forEachPoint(Run run, String key, boolean relative, PointVisitor visitor) {
        long origin = relative ? run.startTimeMs() : 0;
        String token = null;
        do {
            var page = store.readPoints(run.runId(), key, null, null, MetricService.MAX_RAW_PAGE, token);
            for (var point : page.items()) visitor.visit(point.timestampMs() - origin, point.value());
            token = page.nextPageToken();
        } while (token != null);
    }

    private RunBuckets times(List<Run> runs, String key, boolean relative, int buckets, Double fromX, Double toX) {
        var withKey = runs.stream().filter(run -> summary(run, key) != null).toList();
        double[] range = {fromX == null ? Double.NaN : fromX, toX == null ? Double.NaN : toX};
        if (fromX == null || toX == null) {
            for (var run : withKey) {
                forEachPoint(run, key, relative, (x, value) -> {
                    if (fromX == null && !(x >= range[0])) range[0] = x;
                    if (toX == null && !(x <= range[1])) range[1] = x;
                });
            }
        }
        if (Double.isNaN(range[0]) || Double.isNaN(range[1]) || range[0] > range[1]) return RunBuckets.empty(fromX, toX);
        var grid = new ValueGrid(range[0], range[1], buckets);
        var values = new LinkedHashMap<String, Double[]>();
        for (var run : withKey) {
            var counts = new long[grid.count()];
            var nans = new long[grid.count()];
            var sums = new double[grid.count()];
            forEachPoint(run, key, relative, (x, value) -> {
                int index = grid.indexOf(x);
                if (index < 0) return;
                counts[index]++;
                if (Double.isNaN(value)) nans[index]++;
                else sums[index] += value;
            });
            var row = new Double[grid.count()];
            for (int i = 0; i < row.length; i++) {
                if (counts[i] > 0) row[i] = counts[i] == nans[i] ? Double.NaN : sums[i] / (counts[i] - nans[i]);
            }
            values.put(run.runId(), row);
        }
        return valueGridBuckets(grid, values);
    }

    private static RunBuckets valueGridBuckets(ValueGrid grid, Map<String, Double[]> values) {
        var xStarts = new Number[grid.count()];
        var xEnds = new Number[grid.count()];
        for (int i = 0; i < grid.count(); i++) {
            xStarts[i] = grid.start(i);
            xEnds[i] = grid.end(i);
        }
        return new RunBuckets(grid.from(), grid.to(), xStarts, xEnds, values);
    }

    /** A run's y series paired with its x metric: the x steps and the y steps that have an x. */
    private record Paired(Run run, MetricSummary y, XMetricSteps x, long firstPairedStep) {}

    /** One run's series over buckets of its x metric, each bucket summarised exactly (count, min, max, mean, first, last). */
    XEnvelope xEnvelope(Run run, String key, String xKey, int buckets, Double fromX, Double toX) {
        if (summary(run, key) == null) throw SextantException.notFound("metric", key);
        if (summary(run, xKey) == null) throw SextantException.notFound("metric", xKey);
        var paired = pair(List.of(run), key, xKey);
        var grid = grid(paired, buckets, fromX, toX);
        var result = new java.util.ArrayList<XEnvelope.Bucket>();
        if (grid != null) {
            for (var pair : paired) {
                var intervals = pair.x().intervals(grid);
                store.readIntervals(run.runId(), key, intervals.starts(), pair.y().lastStep()).ifPresent(list -> list.forEach(b -> {
                    int owner = intervals.buckets()[java.util.Arrays.binarySearch(intervals.starts(), b.startStep())];
                    if (owner >= 0) {
                        result.add(new XEnvelope.Bucket(grid.start(owner), grid.end(owner), b.startStep(), b.endStep(), b.count(),
                                b.min(), b.max(), b.mean(), b.firstStep(), b.firstTimestampMs(), b.first(), b.lastStep(),
                                b.lastTimestampMs(), b.last()));
                    }
                }));
            }
        }
        return new XEnvelope(run.runId(), key, XAxis.METRIC_PREFIX + xKey, grid == null ? fromX : grid.from(),
                grid == null ? toX : grid.to(), result);
    }

    private List<Paired> pair(List<Run> runs, String key, String xKey) {
        var paired = new java.util.ArrayList<Paired>();
        for (var run : runs) {
            var y = summary(run, key);
            if (y == null || summary(run, xKey) == null) continue;
            var x = XMetricSteps.read(store, run.runId(), xKey);
            if (x.isEmpty() || y.lastStep() < x.firstStep()) continue;
            long first = y.firstStep() >= x.firstStep() ? y.firstStep()
                    : store.readPoints(run.runId(), key, x.firstStep(), null, 1, null).items().get(0).step();
            paired.add(new Paired(run, y, x, first));
        }
        return paired;
    }

    /** The grid over [from, to], each defaulting to the smallest / largest finite x paired with a point; null if none. */
    private static ValueGrid grid(List<Paired> paired, int buckets, Double fromX, Double toX) {
        double from = fromX == null ? Double.NaN : fromX;
        double to = toX == null ? Double.NaN : toX;
        for (var pair : paired) {
            double low = pair.x().valueAt(pair.firstPairedStep());
            double high = pair.x().valueAt(pair.y().lastStep());
            var finite = pair.x().finiteRange(pair.firstPairedStep(), pair.y().lastStep());
            if (!Double.isFinite(low)) low = finite[0];
            if (!Double.isFinite(high)) high = finite[1];
            if (fromX == null && !(low >= from)) from = low;
            if (toX == null && !(high <= to)) to = high;
        }
        if (Double.isNaN(from) || Double.isNaN(to) || from > to) return null;
        return new ValueGrid(from, to, buckets);
    }

    private RunBuckets byMetric(List<Run> runs, String key, String xKey, int buckets, Double fromX, Double toX) {
        var paired = pair(runs, key, xKey);
        var grid = grid(paired, buckets, fromX, toX);
        if (grid == null) return RunBuckets.empty(fromX, toX);
        var gridKey = "metric|" + key + "|" + xKey + "|" + grid.from() + "|" + grid.to() + "|" + grid.count();
        var rows = paired.parallelStream().map(pair -> cache.get(pair.run().runId() + "|" + gridKey + "|" + RunMeansCache.state(pair.y())
                + "|" + RunMeansCache.state(summary(pair.run(), xKey)), () -> {
            var row = new Double[grid.count()];
            var intervals = pair.x().intervals(grid);
            store.readIntervalMeans(pair.run().runId(), key, intervals.starts(), pair.y().lastStep()).ifPresent(list ->
                    list.forEach(interval -> {
                        int owner = intervals.buckets()[java.util.Arrays.binarySearch(intervals.starts(), interval.startStep())];
                        if (owner >= 0) row[owner] = interval.mean();
                    }));
            return row;
        })).toList();
        var values = new LinkedHashMap<String, Double[]>();
        for (int i = 0; i < paired.size(); i++) values.put(paired.get(i).run().runId(), rows.get(i));
        return valueGridBuckets(grid, values);
    }
}

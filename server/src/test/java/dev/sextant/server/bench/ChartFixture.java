package dev.sextant.server.bench;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.service.ChartRequest;
import dev.sextant.server.service.ChartService;
import dev.sextant.server.service.CreateRunCommand;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.Limits;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.RunService;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.store.TrackingStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/** In-process services over an SQLite file, for the chart bench and gallery: points go straight into the store. */
final class ChartFixture implements AutoCloseable {
    static final int BATCH = 100_000;

    final TrackingStore store;
    final RunService runs;
    final MetricService metrics;
    final ChartService charts;

    ChartFixture(Path database) {
        var clock = Clock.systemUTC();
        store = StoreFactory.open(database.toString());
        runs = new RunService(store, new ExperimentService(store, clock, Limits.DEFAULTS), clock, runId -> "", Limits.DEFAULTS);
        metrics = new MetricService(store, Limits.DEFAULTS);
        charts = new ChartService(runs, metrics);
    }

    String createRun(String name) {
        return runs.create(new CreateRunCommand(null, "charts", null, name, "bench", 1_700_000_000_000L, null,
                Map.of(), Map.of())).runId();
    }

    /** Steps 0..count-1, one second apart, logged in batches of 100k. */
    void log(String runId, String key, long count, LongToDoubleFunction value) {
        for (long start = 0; start < count; start += BATCH) {
            var points = new ArrayList<MetricPoint>(BATCH);
            for (long step = start; step < Math.min(count, start + BATCH); step++) {
                points.add(new MetricPoint(key, value.applyAsDouble(step), 1_700_000_000_000L + step * 1000, step));
            }
            store.logBatch(runId, points, Map.of(), Map.of());
        }
    }

    byte[] render(ChartRequest request) {
        return charts.render(charts.plan(request));
    }

    static ChartRequest png(List<String> runIds, List<String> keys, String query) {
        return request(ChartRequest.ChartFormat.PNG, runIds, keys, query);
    }

    /** A request with options written as a query string, e.g. "band=true&width=600". */
    static ChartRequest request(ChartRequest.ChartFormat format, List<String> runIds, List<String> keys, String query) {
        var options = new java.util.HashMap<String, String>();
        for (var pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            var parts = pair.split("=", 2);
            options.put(parts[0], parts[1]);
        }
        return new ChartRequest(format, runIds, keys, options.get("x"), options.get("smoothing"),
                options.get("log_y"), options.get("band"), options.get("width"), options.get("height"),
                options.get("title"), options.get("theme"), List.of());
    }

    @Override
    public void close() {
        store.close();
    }
}

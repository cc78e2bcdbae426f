package dev.sextant.server.export;

import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.MetricSummary;
import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.RunService;
import dev.sextant.server.store.RunQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An experiment as two tables: {@code runs} (one row per run: attributes, every param, every tag, and last/min/max of
 * every metric) and {@code metrics} (long format: run_id, key, step, timestamp, value — every stored point).
 * Reads through the services, page by page, so a large experiment streams.
 */
public final class ExperimentExport {
    public enum Table { RUNS, METRICS }

    private static final int RUN_PAGE = 1000;
    private static final int POINT_PAGE = 100_000;
    private final RunService runs;
    private final MetricService metrics;

    public ExperimentExport(RunService runs, MetricService metrics) {
        this.runs = runs;
        this.metrics = metrics;
    }

    public void write(Experiment experiment, Table table, TableWriter out) throws IOException {
        if (table == Table.RUNS) writeRuns(experiment, out);
        else writeMetrics(experiment, out);
        out.close();
    }

    private List<Run> allRuns(Experiment experiment) {
        var all = new ArrayList<Run>();
        String token = null;
        do {
            var page = runs.search(new RunQuery(List.of(experiment.experimentId()), null, List.of(),
                    ViewType.ALL, RUN_PAGE, token));
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }

    private void writeRuns(Experiment experiment, TableWriter out) throws IOException {
        var all = allRuns(experiment);
        var params = new TreeSet<String>();
        var tags = new TreeSet<String>();
        var keys = new TreeSet<String>();
        for (var run : all) {
            params.addAll(run.params().keySet());
            tags.addAll(run.tags().keySet());
            run.metrics().forEach(summary -> keys.add(summary.key()));
        }
        var columns = new ArrayList<>(List.of(new Column("run_id", Column.Type.STRING), new Column("name", Column.Type.STRING),
                new Column("experiment_id", Column.Type.STRING), new Column("experiment_name", Column.Type.STRING),
                new Column("status", Column.Type.STRING), new Column("lifecycle_stage", Column.Type.STRING),
                new Column("start_time", Column.Type.TIMESTAMP_MS), new Column("end_time", Column.Type.TIMESTAMP_MS),
                new Column("user", Column.Type.STRING), new Column("parent_run_id", Column.Type.STRING)));
        params.forEach(key -> columns.add(new Column("params." + key, Column.Type.STRING)));
        tags.forEach(key -> columns.add(new Column("tags." + key, Column.Type.STRING)));
        for (String key : keys) {
            for (String stat : List.of("last", "min", "max")) columns.add(new Column("metrics." + key + "." + stat, Column.Type.DOUBLE));
        }
        out.header(columns);
        for (var run : all) {
            var cells = new ArrayList<Object>(List.of(run.runId(), run.name(), run.experimentId(), experiment.name(),
                    run.status().name(), run.lifecycleStage().wireName(), run.startTimeMs()));
            cells.add(run.endTimeMs());
            cells.add(run.user());
            cells.add(run.parentRunId());
            params.forEach(key -> cells.add(run.params().get(key)));
            tags.forEach(key -> cells.add(run.tags().get(key)));
            Map<String, MetricSummary> byKey = new java.util.HashMap<>();
            run.metrics().forEach(summary -> byKey.put(summary.key(), summary));
            for (String key : keys) {
                var summary = byKey.get(key);
                cells.add(summary == null ? null : summary.last());
                cells.add(summary == null ? null : summary.min());
                cells.add(summary == null ? null : summary.max());
            }
            out.row(cells.toArray());
        }
    }

    private void writeMetrics(Experiment experiment, TableWriter out) throws IOException {
        out.header(List.of(new Column("run_id", Column.Type.STRING), new Column("key", Column.Type.STRING),
                new Column("step", Column.Type.INT64), new Column("timestamp", Column.Type.TIMESTAMP_MS),
                new Column("value", Column.Type.DOUBLE)));
        for (var run : allRuns(experiment)) {
            for (var summary : run.metrics()) {
                String token = null;
                do {
                    var page = metrics.points(run.runId(), summary.key(), null, null, POINT_PAGE, token);
                    for (var point : page.items()) {
                        out.row(new Object[] {run.runId(), summary.key(), point.step(), point.timestampMs(), point.value()});
                    }
                    token = page.nextPageToken();
                } while (token != null);
            }
        }
    }
}

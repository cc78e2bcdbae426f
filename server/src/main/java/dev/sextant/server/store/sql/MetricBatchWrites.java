package dev.sextant.server.store.sql;

import dev.sextant.server.store.BatchResult;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Metric-only writes (a log_metric call, a batch of points with nothing else) coalesced into one metric batch: each
 * run is checked first (one query for all of them), a write to a missing or deleted run gets its own error and writes nothing, and the points
 * of all the others go in through one {@link MetricWriteSql#insertAll}.
 */
final class MetricBatchWrites implements CoalescedWrites<RunPoints, BatchResult> {
    private final SqlDialect dialect;

    MetricBatchWrites(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public List<Outcome<BatchResult>> runAll(Handle handle, List<RunPoints> items) {
        var outcomes = new ArrayList<Outcome<BatchResult>>(items.size());
        var accepted = new ArrayList<RunPoints>(items.size());
        // One query for every run of the batch rather than one a write: on the single writer's thread, per point.
        var stages = RunSql.stages(handle, items.stream().map(RunPoints::runId).toList());
        for (var item : items) {
            var refused = RunSql.refusal(item.runId(), stages.get(item.runId()));
            if (refused == null) {
                accepted.add(item);
                outcomes.add(null);
            } else {
                outcomes.add(Outcome.failed(refused));
            }
        }
        var results = MetricWriteSql.insertAll(handle, accepted, dialect);
        for (int i = 0, next = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == null) outcomes.set(i, Outcome.of(results.get(next++)));
        }
        return outcomes;
    }
}

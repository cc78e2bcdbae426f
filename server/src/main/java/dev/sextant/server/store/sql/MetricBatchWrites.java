package dev.sextant.server.store.sql;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.BatchResult;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Metric-only writes (a log_metric call, a batch of points with nothing else) coalesced into one metric batch: each
 * run is checked first, a write to a missing or deleted run gets its own error and writes nothing, and the points
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
        for (var item : items) {
            try {
                RunSql.requireActive(handle, item.runId());
                accepted.add(item);
                outcomes.add(null);
            } catch (SextantException refused) {
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

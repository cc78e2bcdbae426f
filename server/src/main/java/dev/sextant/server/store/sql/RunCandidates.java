package dev.sextant.server.store.sql;

import dev.sextant.server.search.IndexTerm;
import dev.sextant.server.search.MetricRange;
import dev.sextant.server.search.ParamEquals;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The runs of one experiment that some of a filter's {@link IndexTerm}s admit, as a subquery of run ids: the
 * intersection of those terms' index ranges. Every run the filter matches is among them (each term is a top-level
 * AND term), so a search may read these runs, and test the whole filter on them, instead of every run. Reading a
 * range costs an index entry a run, far less than testing a run, so it pays to intersect the small ranges; a
 * range many times larger than the smallest would cost more to read than the runs it removes.
 *
 * @param estimate the size of the smallest chosen range: at least as many runs as the intersection holds
 */
record RunCandidates(String sql, List<Object> bindings, long estimate) {
    /** A range up to this many times the smallest one's size is still intersected. */
    private static final long SPREAD = 4;

    RunCandidates {
        bindings = List.copyOf(bindings);
    }

    /**
     * The intersection of the terms whose ranges hold at most {@code cap} runs and at most {@link #SPREAD} times
     * the smallest; empty when no range is that small. Counting reads each range up to {@code cap} + 1 entries.
     */
    static Optional<RunCandidates> choose(Handle handle, long experimentId, List<IndexTerm> terms, long cap) {
        var sizes = new ArrayList<Long>();
        long smallest = Long.MAX_VALUE;
        for (var term : terms) {
            long size = count(handle, experimentId, term, Math.min(cap, saturatedTimes(smallest)));
            sizes.add(size);
            smallest = Math.min(smallest, size);
        }
        if (smallest > cap) return Optional.empty();
        var sql = new StringBuilder();
        var bindings = new ArrayList<Object>();
        for (int i = 0; i < terms.size(); i++) {
            if (sizes.get(i) > cap || sizes.get(i) > saturatedTimes(smallest)) continue;
            if (!sql.isEmpty()) sql.append(" INTERSECT ");
            range(terms.get(i), experimentId, sql, bindings);
        }
        return Optional.of(new RunCandidates(sql.toString(), bindings, smallest));
    }

    /** How many runs the term's range holds, counted up to {@code limit} + 1 (more means "over the limit"). */
    private static long count(Handle handle, long experimentId, IndexTerm term, long limit) {
        var sql = new StringBuilder("SELECT COUNT(*) FROM (");
        var bindings = new ArrayList<Object>();
        range(term, experimentId, sql, bindings);
        sql.append(" LIMIT ?) c");
        bindings.add(limit + 1);
        var query = handle.createQuery(sql.toString());
        for (int i = 0; i < bindings.size(); i++) query.bind(i, bindings.get(i));
        return query.mapTo(Long.class).one();
    }

    /** "SELECT run_id FROM …" over the term's index: params_by_value or metric_series_by_value. */
    private static void range(IndexTerm term, long experimentId, StringBuilder sql, List<Object> bindings) {
        if (term instanceof ParamEquals param) {
            // The length test repeats the partial index's predicate, so that both databases may use the index.
            sql.append("SELECT run_id FROM params WHERE experiment_id = ? AND key = ? AND value = ? AND length(key) <= ")
                    .append(ParamEquals.INDEXED_LENGTH).append(" AND length(value) <= ").append(ParamEquals.INDEXED_LENGTH);
            bindings.addAll(List.of(experimentId, param.key(), param.value()));
        } else {
            var metric = (MetricRange) term;
            sql.append("SELECT run_id FROM metric_series WHERE experiment_id = ? AND key = ? AND last_value ")
                    .append(metric.op()).append(" ?");
            bindings.addAll(List.of(experimentId, metric.key(), metric.value()));
        }
    }

    private static long saturatedTimes(long smallest) {
        return smallest > Long.MAX_VALUE / SPREAD ? Long.MAX_VALUE : smallest * SPREAD;
    }
}

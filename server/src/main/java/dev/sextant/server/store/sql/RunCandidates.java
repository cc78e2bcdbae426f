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
 * intersection of those terms' index ranges, or that intersection already read as a list of run ids. Every run the
 * filter matches is among them (each term is a top-level AND term), so a search may read these runs, and test the
 * whole filter on them, instead of every run. Reading a range costs an index entry a run, far less than testing a
 * run, so it pays to intersect the small ranges; a range many times larger than the smallest would cost more to read
 * than the runs it removes.
 *
 * @param estimate at least as many runs as the candidates hold: the smallest chosen range's size, or the list's
 * @param implied the terms whose ranges were intersected: every candidate satisfies them, so a search need not test
 *                them again ({@code RunSearchSql.whereImplying})
 */
record RunCandidates(String sql, List<Object> bindings, long estimate, List<IndexTerm> implied) {
    /** A range up to this many times the smallest one's size is still intersected. */
    private static final long SPREAD = 4;
    /**
     * {@link #atMost} reads the intersection of ranges up to this many times its limit: two ranges of 10,000 runs
     * (1 in 10 each) cost ~1 ms a range to count and a few ms to intersect, where testing the 2,000 runs of a
     * search's ordered window costs tens of ms; when the intersection is large after all, the counts were the waste.
     */
    private static final long READ_SPREAD = 10;

    RunCandidates {
        bindings = List.copyOf(bindings);
        implied = List.copyOf(implied);
    }

    /**
     * The candidates when they are at most {@code limit} runs, else empty: the intersection of the terms' ranges
     * when its smallest range holds at most {@code limit} runs; else, when that range holds at most
     * {@link #READ_SPREAD} times as many and another range is intersected with it, the intersection read up to
     * {@code limit} + 1 run ids, as a list when it holds no more than {@code limit}.
     */
    static Optional<RunCandidates> atMost(Handle handle, long experimentId, List<IndexTerm> terms, long limit) {
        var ranges = intersection(handle, experimentId, terms, saturated(limit, READ_SPREAD));
        if (ranges.isEmpty() || ranges.get().candidates().estimate() <= limit) return ranges.map(Intersection::candidates);
        if (ranges.get().ranges() < 2) return Optional.empty(); // one range, larger than the limit
        var query = ranges.get().candidates();
        var read = handle.createQuery("SELECT run_id FROM (" + query.sql() + ") i LIMIT ?");
        for (int i = 0; i < query.bindings().size(); i++) read.bind(i, query.bindings().get(i));
        var ids = read.bind(query.bindings().size(), limit + 1).mapTo(String.class).list();
        // The ids were read by an earlier statement than the search's; on PostgreSQL (READ COMMITTED) a metric term
        // is then true as of that statement, as the details the answer shows are read by a later one.
        return ids.size() > limit ? Optional.empty() : Optional.of(listed(ids, query.implied()));
    }

    /**
     * The intersection of the terms whose ranges hold at most {@code cap} runs and at most {@link #SPREAD} times
     * the smallest; empty when no range is that small. Counting reads each range up to {@code cap} + 1 entries.
     */
    static Optional<RunCandidates> choose(Handle handle, long experimentId, List<IndexTerm> terms, long cap) {
        return intersection(handle, experimentId, terms, cap).map(Intersection::candidates);
    }

    /** Candidates and how many ranges they intersect. */
    private record Intersection(RunCandidates candidates, int ranges) {}

    private static Optional<Intersection> intersection(Handle handle, long experimentId, List<IndexTerm> terms, long cap) {
        var sizes = new ArrayList<Long>();
        long smallest = Long.MAX_VALUE;
        for (var term : terms) {
            long size = count(handle, experimentId, term, Math.min(cap, saturated(smallest, SPREAD)));
            sizes.add(size);
            smallest = Math.min(smallest, size);
        }
        if (smallest > cap) return Optional.empty();
        var sql = new StringBuilder();
        var bindings = new ArrayList<Object>();
        var intersected = new ArrayList<IndexTerm>();
        for (int i = 0; i < terms.size(); i++) {
            if (sizes.get(i) > cap || sizes.get(i) > saturated(smallest, SPREAD)) continue;
            if (!sql.isEmpty()) sql.append(" INTERSECT ");
            range(terms.get(i), experimentId, sql, bindings);
            intersected.add(terms.get(i));
        }
        return Optional.of(new Intersection(new RunCandidates(sql.toString(), bindings, smallest, intersected), intersected.size()));
    }

    /** Run ids already read, as a subquery (a VALUES list; column1 is its column's name on both databases). */
    private static RunCandidates listed(List<String> ids, List<IndexTerm> implied) {
        if (ids.isEmpty()) return new RunCandidates("SELECT run_id FROM runs WHERE 1 = 0", List.of(), 0, implied);
        var sql = new StringBuilder("SELECT column1 AS run_id FROM (VALUES ");
        for (int i = 0; i < ids.size(); i++) sql.append(i == 0 ? "(?)" : ", (?)");
        return new RunCandidates(sql.append(") AS listed").toString(), List.copyOf(ids), ids.size(), implied);
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

    private static long saturated(long value, long times) {
        return value > Long.MAX_VALUE / times ? Long.MAX_VALUE : value * times;
    }
}

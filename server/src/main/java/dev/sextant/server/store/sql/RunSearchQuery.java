package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.IndexTerm;
import dev.sextant.server.search.RunOrder;
import dev.sextant.server.search.RunSearchSql;
import dev.sextant.server.search.SqlCondition;
import dev.sextant.server.store.RunQuery;
import dev.sextant.server.store.SearchPlan;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * One page of run rows for a search, in a total order so that paging returns each run once. Orders of never-NULL
 * columns (the default: newest first) page by keyset; an order that starts with a metric, within one experiment,
 * reads the runs in that metric's index order (metric_series_by_value) and stops after the page; other orders
 * page by offset. Within one experiment, a filter whose index terms admit few runs ({@link RunCandidates}) has
 * those runs read and sorted instead of an ordered read that would test many runs to fill the page. The
 * {@link SearchPlan} says which of these ways may be taken and how far an ordered read goes first.
 */
final class RunSearchQuery {
    /**
     * The most runs an index term may admit for a search ordered by a metric to read them all once its window did
     * not fill the page: reading 50,000 covering index entries costs about what testing a few thousand runs does.
     */
    private static final long DRIVEN_CAP = 50_000;

    private RunSearchQuery() {}

    record RowsPage(List<RunSql.RunRow> rows, String nextPageToken) {}

    /** A row and the values it was sorted by, so the page's last row can become the next page's start. */
    private record SortedRow(RunSql.RunRow row, int part, List<Object> values) {}

    static RowsPage run(Handle handle, RunQuery query, SearchPlan plan) {
        var where = RunSearchSql.where(query.filter());
        var order = RunSearchSql.order(query.orderBy());
        boolean keysetToken = RunKeyset.isKeyset(query.pageToken());
        if (order.keysetOnColumns()) return byColumns(handle, query, plan, where, order);
        if (order.keysetOnMetric() && query.experimentIds().size() == 1) return byMetric(handle, query, plan, where, order);
        if (keysetToken) throw SextantException.invalid("page_token is not a token this server issued for this search");
        return byOffset(handle, query, where, order.sql());
    }

    private static RowsPage byOffset(Handle handle, RunQuery query, SqlCondition where, SqlCondition order) {
        int offset = decodeOffset(query.pageToken());
        var bindings = new ArrayList<Object>();
        var sql = new StringBuilder("SELECT ").append(RunSql.COLUMNS).append(" FROM runs r WHERE ");
        scope(sql, bindings, query, "r");
        sql.append('(').append(where.sql()).append(")");
        bindings.addAll(where.bindings());
        sql.append(" ORDER BY ").append(order.sql());
        bindings.addAll(order.bindings());
        sql.append(" LIMIT ? OFFSET ?");
        bindings.add(query.maxResults() + 1);
        bindings.add(offset);
        var rows = select(handle, sql.toString(), bindings, 0, 0);
        if (rows.size() <= query.maxResults()) return new RowsPage(rows.stream().map(SortedRow::row).toList(), null);
        return new RowsPage(rows.subList(0, query.maxResults()).stream().map(SortedRow::row).toList(),
                encodeOffset(offset + query.maxResults()));
    }

    private static RowsPage byColumns(Handle handle, RunQuery query, SearchPlan plan, SqlCondition where, RunOrder order) {
        var start = query.pageToken() == null || query.pageToken().isEmpty() ? null : RunKeyset.decode(query.pageToken(), order);
        // Runs that the index terms admit, when they are no more than the window: fewer than an ordered read may test.
        var candidates = query.experimentIds().size() == 1 ? fewCandidates(handle, query, plan) : null;
        var rows = part(handle, query, where, order, -1, start == null ? null : start.values(), query.maxResults() + 1,
                candidates, null);
        return page(rows, query.maxResults());
    }

    /**
     * Runs with a value of the metric, then with NaN (a NULL value), then without the metric: MLflow's order.
     * When the filter's index terms admit no more runs than the window ({@link RunCandidates#atMost}: a small range,
     * or a small intersection of a few larger ones), those runs are read and sorted. Else the runs with a value are
     * first read in the metric's index order, but only through a window of the plan's index rows (and the rows tied
     * with its last): a filter that few runs pass, or that passes
     * mostly runs at the far end of the order, would otherwise look at every run. When the window does not fill
     * the page and the index terms admit at most {@link #DRIVEN_CAP} runs, those are read and sorted instead; else
     * the scan goes on past the window. The runs with NaN and without the metric are read from the candidates too
     * when there are some, so a last page never scans every run.
     */
    private static RowsPage byMetric(Handle handle, RunQuery query, SearchPlan plan, SqlCondition where, RunOrder order) {
        var start = query.pageToken() == null || query.pageToken().isEmpty() ? null : RunKeyset.decode(query.pageToken(), order);
        int need = query.maxResults() + 1;
        var rows = new ArrayList<SortedRow>();
        var candidates = fewCandidates(handle, query, plan);
        boolean counted = candidates != null;
        for (int part = start == null ? 0 : start.part(); part <= 2 && rows.size() < need; part++) {
            var after = start != null && start.part() == part ? start.values() : null;
            int limit = need - rows.size();
            if (part == 0 && candidates == null) {
                var bound = windowBound(handle, query, plan, order, after);
                var found = part(handle, query, where, order, part, after, limit, null, bound);
                if (bound != null && found.size() < limit) {
                    candidates = candidates(handle, query, plan, DRIVEN_CAP);
                    counted = true;
                    found = part(handle, query, where, order, part, after, limit, candidates, null);
                }
                rows.addAll(found);
            } else {
                if (!counted) {
                    candidates = candidates(handle, query, plan, DRIVEN_CAP);
                    counted = true;
                }
                rows.addAll(part(handle, query, where, order, part, after, limit, candidates, null));
            }
        }
        return page(rows, query.maxResults());
    }

    /**
     * The runs that the filter's index terms admit when their ranges hold at most {@code cap} runs, or null; null
     * too when the plan lets no index term drive.
     */
    private static RunCandidates candidates(Handle handle, RunQuery query, SearchPlan plan, long cap) {
        var terms = indexTerms(query, plan);
        if (terms.isEmpty()) return null;
        return RunCandidates.choose(handle, Long.parseLong(query.experimentIds().get(0)), terms, cap).orElse(null);
    }

    /** The runs that the filter's index terms admit when they are no more than the plan's window, or null. */
    private static RunCandidates fewCandidates(Handle handle, RunQuery query, SearchPlan plan) {
        var terms = indexTerms(query, plan);
        if (terms.isEmpty()) return null;
        return RunCandidates.atMost(handle, Long.parseLong(query.experimentIds().get(0)), terms, plan.window()).orElse(null);
    }

    private static List<IndexTerm> indexTerms(RunQuery query, SearchPlan plan) {
        return plan.indexTerms() ? RunSearchSql.indexTerms(query.filter()) : List.of();
    }

    /**
     * The value of the ordering metric the plan's window of index rows past where the page starts, or null when
     * fewer rows are left (then the ordered read is bounded anyway).
     */
    private static Double windowBound(Handle handle, RunQuery query, SearchPlan plan, RunOrder order, List<Object> after) {
        boolean ascending = order.leadingAscending();
        var sql = new StringBuilder("SELECT o.last_value FROM metric_series o WHERE o.experiment_id = ? AND o.key = ?"
                + " AND o.last_value IS NOT NULL");
        var bindings = new ArrayList<Object>(List.of(Long.parseLong(query.experimentIds().get(0)), order.leadingMetric()));
        if (after != null) {
            sql.append(" AND o.last_value ").append(ascending ? ">=" : "<=").append(" ?");
            bindings.add(after.get(0));
        }
        sql.append(" ORDER BY o.last_value ").append(ascending ? "ASC" : "DESC").append(" LIMIT 1 OFFSET ?");
        bindings.add(plan.window());
        var statement = handle.createQuery(sql.toString());
        for (int i = 0; i < bindings.size(); i++) statement.bind(i, bindings.get(i));
        return statement.mapTo(Double.class).findOne().orElse(null);
    }

    private static RowsPage page(List<SortedRow> rows, int maxResults) {
        if (rows.size() <= maxResults) return new RowsPage(rows.stream().map(SortedRow::row).toList(), null);
        var last = rows.get(maxResults - 1);
        return new RowsPage(rows.subList(0, maxResults).stream().map(SortedRow::row).toList(),
                new RunKeyset(Math.max(0, last.part()), last.values()).encode());
    }

    /**
     * One part of a keyset order: {@code part} -1 is an order of columns alone; 0, 1, 2 are the runs with a value
     * of the leading metric, with NaN, and without it. {@code after} holds the values the page starts after.
     * With {@code candidates}, only those runs are read, and sorted (every part); with a {@code bound}, part 0 reads
     * the ordering metric's index only up to that value.
     */
    private static List<SortedRow> part(Handle handle, RunQuery query, SqlCondition where, RunOrder order, int part,
                                        List<Object> after, int limit, RunCandidates candidates, Double bound) {
        var terms = new ArrayList<String>();
        var ascending = new ArrayList<Boolean>();
        if (part == 0) {
            terms.add("o.last_value");
            ascending.add(order.leadingAscending());
        }
        for (var column : order.columns()) {
            terms.add(column.sql());
            ascending.add(column.ascending());
        }
        var bindings = new ArrayList<Object>();
        var sql = new StringBuilder("SELECT ").append(RunSql.COLUMNS);
        for (int i = 0; i < terms.size(); i++) sql.append(", ").append(terms.get(i)).append(" AS sort_").append(i);
        if (candidates != null) {
            // The filter's index terms drive: the runs they admit, from their indexes (CROSS JOIN: SQLite keeps the order).
            sql.append(" FROM (").append(candidates.sql()).append(") d CROSS JOIN runs r");
            bindings.addAll(candidates.bindings());
            if (part == 0 || part == 1) sql.append(" CROSS JOIN metric_series o");
            sql.append(" WHERE r.run_id = d.run_id AND ");
            if (part == 0 || part == 1) {
                sql.append("o.run_id = r.run_id AND o.key = ? AND o.last_value IS ").append(part == 0 ? "NOT NULL" : "NULL")
                        .append(" AND ");
                bindings.add(order.leadingMetric());
            }
        } else if (part == 0 || part == 1) {
            // The metric's index drives: its rows of this experiment and key, in value order.
            sql.append(" FROM metric_series o CROSS JOIN runs r WHERE o.experiment_id = ? AND o.key = ? AND o.last_value IS ")
                    .append(part == 0 ? "NOT NULL" : "NULL").append(" AND r.run_id = o.run_id AND ");
            bindings.add(Long.parseLong(query.experimentIds().get(0)));
            bindings.add(order.leadingMetric());
            if (bound != null) {
                sql.append("o.last_value ").append(order.leadingAscending() ? "<=" : ">=").append(" ? AND ");
                bindings.add(bound);
            }
        } else {
            sql.append(" FROM runs r WHERE ");
        }
        if (part == 2) {
            sql.append("NOT EXISTS (SELECT 1 FROM metric_series o WHERE o.run_id = r.run_id AND o.key = ?) AND ");
            bindings.add(order.leadingMetric());
        }
        scope(sql, bindings, query, "r");
        // Candidates satisfy the terms whose ranges they came from: testing those again cost a lookup a run each
        // (two of the four a candidate took in the 1-in-100 search of bench/run scale).
        var test = candidates == null ? where : RunSearchSql.whereImplying(query.filter(), candidates.implied());
        sql.append('(').append(test.sql()).append(')');
        bindings.addAll(test.bindings());
        if (after != null) sql.append(" AND ").append(RunKeyset.after(terms, ascending, after, bindings));
        sql.append(" ORDER BY ");
        for (int i = 0; i < terms.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(terms.get(i)).append(ascending.get(i) ? " ASC" : " DESC");
        }
        sql.append(" LIMIT ?");
        bindings.add(limit);
        return select(handle, sql.toString(), bindings, part, terms.size());
    }

    /** The experiments and lifecycle stage searched, each followed by AND. */
    private static void scope(StringBuilder sql, List<Object> bindings, RunQuery query, String alias) {
        if (!query.experimentIds().isEmpty()) {
            sql.append(alias).append(".experiment_id IN (")
                    .append(query.experimentIds().stream().map(id -> "?").collect(Collectors.joining(", ")))
                    .append(") AND ");
            for (var id : query.experimentIds()) bindings.add(Long.parseLong(id));
        }
        if (query.viewType() != ViewType.ALL) {
            sql.append(alias).append(".lifecycle_stage = ? AND ");
            bindings.add(query.viewType() == ViewType.ACTIVE_ONLY ? "active" : "deleted");
        }
    }

    private static List<SortedRow> select(Handle handle, String sql, List<Object> bindings, int part, int sortColumns) {
        var statement = handle.createQuery(sql);
        for (int i = 0; i < bindings.size(); i++) statement.bind(i, bindings.get(i));
        return statement.map((rs, ctx) -> new SortedRow(RunSql.map(rs), part, sortValues(rs, sortColumns))).list();
    }

    private static List<Object> sortValues(ResultSet rs, int count) throws SQLException {
        var values = new ArrayList<Object>(count);
        for (int i = 0; i < count; i++) {
            var value = rs.getObject("sort_" + i);
            if (value instanceof Integer small) value = small.longValue();
            if (value instanceof Float f) value = f.doubleValue();
            if (value instanceof java.math.BigDecimal decimal) value = decimal.doubleValue();
            values.add(value);
        }
        return values;
    }

    /** The opaque page token of offset paging (also used by the experiment and registry searches). */
    static String encodeOffset(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static int decodeOffset(String token) {
        if (token == null || token.isEmpty()) return 0;
        try {
            var text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!text.startsWith("offset:")) throw new IllegalArgumentException(text);
            int offset = Integer.parseInt(text.substring("offset:".length()));
            if (offset < 0) throw new IllegalArgumentException(text);
            return offset;
        } catch (IllegalArgumentException e) {
            throw SextantException.invalid("page_token is not a token this server issued: '" + token + "'");
        }
    }
}

package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.RunSearchSql;
import dev.sextant.server.store.RunQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** One page of run rows for a search, ordered totally so that offset paging returns each run once. */
final class RunSearchQuery {
    private RunSearchQuery() {}

    record RowsPage(List<RunSql.RunRow> rows, String nextPageToken) {}

    static RowsPage run(Handle handle, RunQuery query) {
        var where = RunSearchSql.where(query.filter());
        var order = RunSearchSql.orderBy(query.orderBy());
        int offset = decodeOffset(query.pageToken());

        var bindings = new ArrayList<Object>();
        var sql = new StringBuilder("SELECT ").append(RunSql.COLUMNS).append(" FROM runs r WHERE ");
        if (!query.experimentIds().isEmpty()) {
            sql.append("r.experiment_id IN (")
                    .append(query.experimentIds().stream().map(id -> "?").collect(Collectors.joining(", ")))
                    .append(") AND ");
            for (var id : query.experimentIds()) bindings.add(Long.parseLong(id));
        }
        if (query.viewType() != ViewType.ALL) {
            sql.append("r.lifecycle_stage = ? AND ");
            bindings.add(query.viewType() == ViewType.ACTIVE_ONLY ? "active" : "deleted");
        }
        sql.append('(').append(where.sql()).append(")");
        bindings.addAll(where.bindings());
        sql.append(" ORDER BY ").append(order.sql());
        bindings.addAll(order.bindings());
        sql.append(" LIMIT ? OFFSET ?");
        bindings.add(query.maxResults() + 1);
        bindings.add(offset);

        var statement = handle.createQuery(sql.toString());
        for (int i = 0; i < bindings.size(); i++) statement.bind(i, bindings.get(i));
        var rows = statement.map((rs, ctx) -> RunSql.map(rs)).list();
        if (rows.size() <= query.maxResults()) return new RowsPage(rows, null);
        return new RowsPage(rows.subList(0, query.maxResults()), encodeOffset(offset + query.maxResults()));
    }

    /** The opaque page token of both searches. */
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

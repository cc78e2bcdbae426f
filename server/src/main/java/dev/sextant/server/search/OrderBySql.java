package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Turns order_by elements into an ORDER BY list (without "ORDER BY") over a catalog's fields. Missing
 * values sort last in both directions, emulated portably with a leading rank term since SQLite and
 * PostgreSQL disagree on where NULLs go. Tie-breakers make the order total, so offset paging is stable.
 */
final class OrderBySql {
    private OrderBySql() {}

    /** One resolved sort key. */
    record Sort(Field field, boolean ascending) {}

    /**
     * @param defaults    used when {@code orderBy} is empty
     * @param tieBreakers appended in order, each unless its field is already sorted on
     */
    static SqlCondition render(
            List<String> orderBy, FieldCatalog catalog, List<Sort> defaults, List<Sort> tieBreakers) {
        return render(resolve(orderBy, catalog, defaults, tieBreakers));
    }

    /** The sort keys in order: the parsed order_by (or the defaults), then each tie-breaker not already there. */
    static List<Sort> resolve(List<String> orderBy, FieldCatalog catalog, List<Sort> defaults, List<Sort> tieBreakers) {
        var sorts = new ArrayList<>(orderBy.isEmpty() ? defaults : parse(orderBy, catalog));
        for (var tieBreaker : tieBreakers) {
            if (sorts.stream().noneMatch(sort -> sort.field().equals(tieBreaker.field()))) sorts.add(tieBreaker);
        }
        return sorts;
    }

    static SqlCondition render(List<Sort> sorts) {
        var terms = new ArrayList<String>();
        var bindings = new ArrayList<Object>();
        for (var sort : sorts) terms.add(term(sort, bindings));
        return new SqlCondition(String.join(", ", terms), bindings);
    }

    private static List<Sort> parse(List<String> orderBy, FieldCatalog catalog) {
        var sorts = new ArrayList<Sort>();
        var seenAt = new HashMap<Field, Integer>();
        for (int i = 0; i < orderBy.size(); i++) {
            var context = "order_by[" + i + "]";
            var term = OrderByParser.parse(orderBy.get(i) == null ? "" : orderBy.get(i), context);
            var field = catalog.orderField(term.identifier(), context);
            var previous = seenAt.putIfAbsent(field, i);
            if (previous != null) {
                throw SextantException.invalid(context + ": duplicate field " + field.description()
                        + ", already ordered by in order_by[" + previous + "]");
            }
            sorts.add(new Sort(field, term.ascending()));
        }
        return sorts;
    }

    private static String term(Sort sort, List<Object> bindings) {
        var direction = sort.ascending() ? " ASC" : " DESC";
        if (sort.field() instanceof Field.Keyed keyed) {
            // Rank 0: a value; 1: the row exists with a NULL value (a NaN metric); 2: no row for the key.
            // MLflow sorts values, then NaN, then missing, in both directions.
            var table = keyed.table();
            var value = table.valueColumn();
            bindings.add(keyed.key());
            bindings.add(keyed.key());
            return "COALESCE((SELECT CASE WHEN " + value + " IS NULL THEN 1 ELSE 0 END " + table.fromWhereKey()
                    + "), 2) ASC, (SELECT " + value + " " + table.fromWhereKey() + ")" + direction;
        }
        var column = (Field.Column) sort.field();
        if (!column.nullable()) return column.sql() + direction;
        return "(" + column.sql() + " IS NULL) ASC, " + column.sql() + direction;
    }
}

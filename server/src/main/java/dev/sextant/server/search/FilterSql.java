package dev.sextant.server.search;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.Field.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a parsed filter into a SQL condition over a catalog's fields, checking that each operator
 * and value suits its field. Keys and values are always bound, never written into the SQL. The SQL is
 * standard and runs unchanged on SQLite and PostgreSQL.
 */
final class FilterSql {
    private static final String CONTEXT = "filter";
    /**
     * Longer AND chains are split into parenthesised halves: SQLite rejects expression trees deeper than
     * 1000, and a flat chain of N terms is N deep, while balanced halves are only log2(N) deep.
     */
    private static final int FLAT_TERMS = 32;

    private final FieldCatalog catalog;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> bindings = new ArrayList<>();

    private FilterSql(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /** The WHERE condition (without "WHERE") selecting the rows the filter matches. */
    static SqlCondition where(Filter filter, FieldCatalog catalog) {
        var translation = new FilterSql(catalog);
        translation.append(filter);
        return new SqlCondition(translation.sql.toString(), translation.bindings);
    }

    private void append(Filter filter) {
        if (filter instanceof Filter.Compare compare) {
            compare(compare);
        } else {
            var terms = ((Filter.And) filter).terms();
            conjunction(terms, 0, terms.size());
        }
    }

    private void conjunction(List<Filter> terms, int from, int to) {
        if (to - from <= FLAT_TERMS) {
            for (int i = from; i < to; i++) {
                if (i > from) sql.append(" AND ");
                append(terms.get(i));
            }
            return;
        }
        int middle = (from + to) >>> 1;
        sql.append('(');
        conjunction(terms, from, middle);
        sql.append(") AND (");
        conjunction(terms, middle, to);
        sql.append(')');
    }

    private void compare(Filter.Compare compare) {
        var field = catalog.filterField(compare.identifier(), CONTEXT);
        check(compare, field);
        if (field instanceof Field.Keyed keyed) {
            // EXISTS is MLflow's inner join: an owner without the key matches nothing, not even !=.
            sql.append("EXISTS (SELECT 1 ").append(keyed.table().fromWhereKey()).append(" AND ");
            bindings.add(keyed.key());
            condition(keyed.table().valueColumn(), compare, field.valueType());
            sql.append(')');
        } else if (field instanceof Field.Related related) {
            sql.append("EXISTS (SELECT 1 ").append(related.fromWhere()).append(" AND ");
            condition(related.valueColumn(), compare, field.valueType());
            sql.append(')');
        } else {
            condition(((Field.Column) field).sql(), compare, field.valueType());
        }
    }

    private void condition(String column, Filter.Compare compare, ValueType type) {
        var op = compare.op();
        if (op == Op.ILIKE) {
            // PostgreSQL has ILIKE and SQLite does not; LOWER on both sides means the same on both.
            sql.append("LOWER(").append(column).append(") LIKE LOWER(?)");
            bindings.add(((Value.Text) compare.value()).value());
        } else if (op.takesList()) {
            var values = ((Value.TextList) compare.value()).values();
            sql.append(column).append(' ').append(op.sql).append(" (");
            for (int i = 0; i < values.size(); i++) sql.append(i == 0 ? "?" : ", ?");
            sql.append(')');
            bindings.addAll(values);
        } else if (op == Op.NE && type == ValueType.REAL) {
            // A NaN value is stored as NULL; MLflow counts NaN as different from every number.
            sql.append('(').append(column).append(" <> ? OR ").append(column).append(" IS NULL)");
            bindings.add(bindable(compare.value(), type));
        } else {
            sql.append(column).append(' ').append(op.sql).append(" ?");
            bindings.add(bindable(compare.value(), type));
        }
    }

    private static Object bindable(Value value, ValueType type) {
        if (value instanceof Value.Text text) return text.value();
        var number = (Value.Number) value;
        if (type == ValueType.INTEGER && number.isIntegerLiteral()) {
            try {
                return Long.parseLong(number.text());
            } catch (NumberFormatException beyondLongRange) {
                return number.value();
            }
        }
        return number.value();
    }

    private static void check(Filter.Compare compare, Field field) {
        var op = compare.op();
        var value = compare.value();
        if (!field.ops().contains(op)) {
            throw error("operator '" + op.symbol + "' is not allowed for " + field.description()
                    + " at position " + compare.opPosition() + "; use one of " + Op.list(field.ops()));
        }
        boolean numeric = field.valueType() != ValueType.TEXT;
        if (numeric && !(value instanceof Value.Number)) {
            throw error(field.description() + " must be compared with a number at position " + value.position()
                    + ", got " + value.shown());
        }
        if (!numeric && value instanceof Value.Number) {
            throw error(field.description() + " must be compared with a quoted string at position "
                    + value.position() + ", got " + value.shown());
        }
        if (op == Op.LIKE || op == Op.ILIKE) LikePattern.check(((Value.Text) value).value(), value.position(), CONTEXT);
    }

    private static SextantException error(String message) {
        return SextantException.invalid(CONTEXT + ": " + message);
    }
}

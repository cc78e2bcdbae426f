package dev.sextant.server.store.sql;

import dev.sextant.server.error.SextantException;
import dev.sextant.server.search.RunOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where a run search page ends, as an opaque page token: the sort values of its last row (and, when the order starts
 * with a metric, which part of that order it was in: runs with a value, with NaN, without the metric). The next
 * page starts strictly after that position, so a page costs the same at run 95,000 as at run 0.
 *
 * @param part   0, 1 or 2 for the parts of a metric order; 0 for an order of columns
 * @param values the last row's sort values in order: Long, Double or String; for part 0 of a metric order the
 *               metric's value comes first
 */
record RunKeyset(int part, List<Object> values) {
    private static final String PREFIX = "keyset:";

    RunKeyset {
        values = List.copyOf(values);
    }

    static boolean isKeyset(String token) {
        return token != null && !token.isEmpty() && decodeText(token).startsWith(PREFIX);
    }

    String encode() {
        var text = new StringBuilder(PREFIX).append(part);
        for (var value : values) {
            text.append(':');
            if (value instanceof Long l) text.append('l').append(l);
            else if (value instanceof Double d) text.append('d').append(Double.doubleToLongBits(d));
            else text.append('s').append(Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(((String) value).getBytes(StandardCharsets.UTF_8)));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a token this server issued for the same order; anything else is refused. */
    static RunKeyset decode(String token, RunOrder order) {
        try {
            var fields = decodeText(token).substring(PREFIX.length()).split(":", -1);
            int part = Integer.parseInt(fields[0]);
            var values = new ArrayList<Object>();
            for (int i = 1; i < fields.length; i++) {
                var field = fields[i];
                values.add(switch (field.charAt(0)) {
                    case 'l' -> Long.parseLong(field.substring(1));
                    case 'd' -> Double.longBitsToDouble(Long.parseLong(field.substring(1)));
                    case 's' -> new String(Base64.getUrlDecoder().decode(field.substring(1)), StandardCharsets.UTF_8);
                    default -> throw new IllegalArgumentException(field);
                });
            }
            int expected = order.columns().size() + (order.leadingMetric() != null && part == 0 ? 1 : 0);
            if (part < 0 || part > (order.leadingMetric() == null ? 0 : 2) || values.size() != expected) {
                throw new IllegalArgumentException("token of another order");
            }
            return new RunKeyset(part, values);
        } catch (RuntimeException e) {
            throw SextantException.invalid("page_token is not a token this server issued for this search: '" + token + "'");
        }
    }

    private static String decodeText(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * "After this position" for sort terms {@code terms} (SQL, ascending) and the position's values:
     * {@code t1 > v1 OR (t1 = v1 AND (t2 > v2 OR (t2 = v2 AND …)))}, with {@code <} for descending terms.
     */
    static String after(List<String> terms, List<Boolean> ascending, List<Object> values, List<Object> bindings) {
        var sql = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) sql.append(" OR (").append(terms.get(i - 1)).append(" = ? AND (");
            sql.append(terms.get(i)).append(ascending.get(i) ? " > ?" : " < ?");
            if (i > 0) bindings.add(values.get(i - 1));
            bindings.add(values.get(i));
        }
        sql.append(")".repeat(2 * Math.max(0, terms.size() - 1)));
        return "(" + sql + ")";
    }
}

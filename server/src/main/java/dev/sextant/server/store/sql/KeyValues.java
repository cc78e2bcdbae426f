package dev.sextant.server.store.sql;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.Query;

/** Reads a two-column (key, value) query into a map: params and tags are all shaped like this. */
final class KeyValues {
    private KeyValues() {}

    static Map<String, String> read(Query query) {
        var map = new HashMap<String, String>();
        query.map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .forEach(pair -> map.put(pair[0], pair[1]));
        return map;
    }
}

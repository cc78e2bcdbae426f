package dev.sextant.server.store.sql;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.Query;

/** Reads (key, value) queries into maps: params and tags are all shaped like this. */
final class KeyValues {
    private KeyValues() {}

    static Map<String, String> read(Query query) {
        var map = new HashMap<String, String>();
        query.map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .forEach(pair -> map.put(pair[0], pair[1]));
        return map;
    }

    /** Reads an (owner, key, value) query into one map per owner: the tags or params of many rows at once. */
    static Map<String, Map<String, String>> readGrouped(Query query) {
        var byOwner = new HashMap<String, Map<String, String>>();
        query.map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .forEach(row -> byOwner.computeIfAbsent(row[0], k -> new HashMap<>()).put(row[1], row[2]));
        return byOwner;
    }
}

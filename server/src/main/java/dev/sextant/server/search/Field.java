package dev.sextant.server.search;

import java.util.Set;

/**
 * What an identifier denotes once resolved against runs or experiments, and how it reads in SQL.
 * Two fields are equal exactly when they denote the same thing (aliases resolve to equal fields), which
 * is how order_by spots duplicates.
 */
sealed interface Field {
    /** How error messages name the field, e.g. "metric 'loss'" or "attribute 'status'". */
    String description();

    ValueType valueType();

    /** The operators a filter may apply to this field. */
    Set<Op> ops();

    /** How a comparison value is bound: REAL as a double, INTEGER as a long when it is whole, TEXT as is. */
    enum ValueType { REAL, INTEGER, TEXT }

    /** A column of the searched row itself, e.g. {@code r.status}; {@code nullable} columns sort NULLs last. */
    record Column(String description, String sql, ValueType valueType, Set<Op> ops, boolean nullable)
            implements Field {}

    /**
     * The value stored under {@code key} in a child table, e.g. param 'lr' of a run. An owner without a row
     * for the key has no value: it matches no comparison, not even !=, and sorts last.
     */
    record Keyed(String description, ChildTable table, String key, ValueType valueType, Set<Op> ops)
            implements Field {}

    /**
     * A value of rows related to the owner, e.g. the names of the datasets a run read: the owner matches
     * when any related row does. {@code fromWhere} selects the owner's rows ("FROM ... WHERE ... = r.run_id").
     */
    record Related(String description, String fromWhere, String valueColumn, ValueType valueType, Set<Op> ops)
            implements Field {}

    /**
     * A key/value child table: {@code name alias} joined to the owner by {@code ownerJoin} (e.g.
     * {@code p.run_id = r.run_id}); {@code valueColumn} may be NULL in a present row (a NaN metric).
     */
    record ChildTable(String name, String alias, String ownerJoin, String valueColumn) {
        /** "FROM params p WHERE p.run_id = r.run_id AND p.key = ?", the key being bound. */
        String fromWhereKey() {
            return "FROM " + name + " " + alias + " WHERE " + ownerJoin + " AND " + alias + ".key = ?";
        }
    }
}

package dev.sextant.server.store.sql;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps prepared statements open between uses on one long-lived handle (the single writer's), so a small write
 * does not pay SQLite's statement compilation again and again: the upserts of the metric write path take longer
 * to prepare than to run. A read that asks the same statements for many runs (a group read's interval means) puts
 * one on its handle for that read too, and closes it at the read's end. JDBI's statements come here through {@link StatementBuilder}; raw JDBC code borrows
 * through {@link #with}. Not thread-safe: one handle, one thread. At most {@value #CAPACITY} idle statements,
 * least recently used closed first.
 */
public final class StatementCache implements StatementBuilder {
    static final int CAPACITY = 128;

    private final Map<String, PreparedStatement> idle = new LinkedHashMap<>(CAPACITY, 0.75f, true);
    /** Statements handed out and not yet returned, so a statement is never used twice at once. */
    private final Map<Statement, String> inUse = new IdentityHashMap<>();

    /**
     * The number of slots a statement for {@code n} values of an IN list gets: the next power of two, so lists of
     * any length share a few statement texts in the cache. The caller fills the slots past {@code n} with its last
     * value (IN ignores duplicates).
     */
    static int paddedSlots(int n) {
        return Integer.highestOneBit(Math.max(1, n * 2 - 1));
    }

    /** What raw JDBC code does with a borrowed statement. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code work} with a prepared statement for {@code sql}: borrowed from the handle's cache when it has one,
     * otherwise prepared for this use and closed after it.
     */
    public static <T> T with(Handle handle, String sql, Work<T> work) throws SQLException {
        var connection = handle.getConnection();
        if (!(handle.getStatementBuilder() instanceof StatementCache cache)) {
            try (var statement = connection.prepareStatement(sql)) {
                return work.apply(statement);
            }
        }
        var statement = cache.borrow(connection, sql);
        try {
            return work.apply(statement);
        } finally {
            cache.close(connection, sql, statement);
        }
    }

    private PreparedStatement borrow(Connection connection, String sql) throws SQLException {
        var statement = idle.remove(sql);
        if (statement == null) statement = connection.prepareStatement(sql);
        inUse.put(statement, sql);
        return statement;
    }

    @Override
    public PreparedStatement create(Connection connection, String sql, StatementContext context) throws SQLException {
        return borrow(connection, sql);
    }

    @Override
    public Statement create(Connection connection, StatementContext context) throws SQLException {
        return connection.createStatement();
    }

    @Override
    public CallableStatement createCall(Connection connection, String sql, StatementContext context) throws SQLException {
        return connection.prepareCall(sql);
    }

    /** Takes a statement back: kept for the next use of its SQL, or closed when it cannot be reused. */
    @Override
    public void close(Connection connection, String sql, Statement statement) throws SQLException {
        if (inUse.remove(statement) == null || !(statement instanceof PreparedStatement prepared) || prepared.isClosed()
                || idle.containsKey(sql)) {
            statement.close();
            return;
        }
        try {
            prepared.clearParameters();
            prepared.clearBatch();
        } catch (SQLException e) {
            prepared.close();
            return;
        }
        idle.put(sql, prepared);
        if (idle.size() > CAPACITY) {
            var eldest = idle.entrySet().iterator().next();
            idle.remove(eldest.getKey());
            eldest.getValue().close();
        }
    }

    /** The handle is closing: every kept statement is closed with it. */
    @Override
    public void close(Connection connection) {
        for (var statement : idle.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection is going away anyway
            }
        }
        idle.clear();
    }
}

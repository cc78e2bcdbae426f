package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ArtifactFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL of a file index: one row per file of an owner (a run in {@code artifacts}, a logged model in
 * {@code logged_model_artifacts}). Prefix matches compare substrings, never LIKE, so '%' and '_' in file names
 * are literal and the result does not depend on a collation.
 */
final class ArtifactSql {
    static final ArtifactSql RUNS = new ArtifactSql("artifacts", "run_id");
    static final ArtifactSql LOGGED_MODELS = new ArtifactSql("logged_model_artifacts", "model_id");

    private static final String COLUMNS = "path, size_bytes, sha256, content_type, modified_time_ms";

    private final String table;
    private final String owner;

    private ArtifactSql(String table, String owner) {
        this.table = table;
        this.owner = owner;
    }

    /** The statement with the index's table and owner column in place of "artifacts" and "run_id". */
    private String sql(String statement) {
        return statement.replace("artifacts", table).replace("run_id", owner);
    }

    void upsert(Handle handle, String ownerId, ArtifactFile file) {
        handle.createUpdate(sql("DELETE FROM artifacts WHERE run_id = :ownerId AND path = :path"))
                .bind("ownerId", ownerId).bind("path", file.path()).execute();
        handle.createUpdate(sql("""
                        INSERT INTO artifacts (run_id, path, size_bytes, sha256, content_type, modified_time_ms)
                        VALUES (:ownerId, :path, :size, :sha256, :contentType, :modified)"""))
                .bind("ownerId", ownerId)
                .bind("path", file.path())
                .bind("size", file.sizeBytes())
                .bind("sha256", file.sha256())
                .bind("contentType", file.contentType())
                .bind("modified", file.modifiedTimeMs())
                .execute();
    }

    Optional<ArtifactFile> find(Handle handle, String ownerId, String path) {
        return handle.createQuery(sql("SELECT " + COLUMNS + " FROM artifacts WHERE run_id = :ownerId AND path = :path"))
                .bind("ownerId", ownerId).bind("path", path)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Every file whose path starts with {@code prefix} ("" = all), sorted by path. */
    List<ArtifactFile> listUnder(Handle handle, String ownerId, String prefix) {
        return handle.createQuery(sql("""
                        SELECT path, size_bytes, sha256, content_type, modified_time_ms FROM artifacts
                        WHERE run_id = :ownerId AND substr(path, 1, :prefixLength) = :prefix
                        ORDER BY path"""))
                .bind("ownerId", ownerId).bind("prefix", prefix).bind("prefixLength", prefix.codePointCount(0, prefix.length()))
                .map((rs, ctx) -> map(rs))
                .list();
    }

    boolean anyUnder(Handle handle, String ownerId, String prefix) {
        return handle.createQuery(sql("""
                        SELECT 1 FROM artifacts WHERE run_id = :ownerId AND substr(path, 1, :prefixLength) = :prefix LIMIT 1"""))
                .bind("ownerId", ownerId).bind("prefix", prefix).bind("prefixLength", prefix.codePointCount(0, prefix.length()))
                .mapTo(Integer.class).findOne().isPresent();
    }

    int delete(Handle handle, String ownerId, String path) {
        return handle.createUpdate(sql("DELETE FROM artifacts WHERE run_id = :ownerId AND path = :path"))
                .bind("ownerId", ownerId).bind("path", path).execute();
    }

    int deleteUnder(Handle handle, String ownerId, String prefix) {
        return handle.createUpdate(sql("DELETE FROM artifacts WHERE run_id = :ownerId AND substr(path, 1, :prefixLength) = :prefix"))
                .bind("ownerId", ownerId).bind("prefix", prefix).bind("prefixLength", prefix.codePointCount(0, prefix.length()))
                .execute();
    }

    private static ArtifactFile map(ResultSet rs) throws SQLException {
        return new ArtifactFile(rs.getString("path"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getString("content_type"), rs.getLong("modified_time_ms"));
    }
}

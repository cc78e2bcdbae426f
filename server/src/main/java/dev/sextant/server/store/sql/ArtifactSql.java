package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ArtifactFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL of the artifacts index: one row per file. Prefix matches compare substrings, never LIKE, so '%' and
 * '_' in file names are literal and the result does not depend on a collation.
 */
final class ArtifactSql {
    private ArtifactSql() {}

    private static final String COLUMNS = "path, size_bytes, sha256, content_type, modified_time_ms";

    static void upsert(Handle handle, String runId, ArtifactFile file) {
        handle.createUpdate("DELETE FROM artifacts WHERE run_id = :runId AND path = :path")
                .bind("runId", runId).bind("path", file.path()).execute();
        handle.createUpdate("""
                        INSERT INTO artifacts (run_id, path, size_bytes, sha256, content_type, modified_time_ms)
                        VALUES (:runId, :path, :size, :sha256, :contentType, :modified)""")
                .bind("runId", runId)
                .bind("path", file.path())
                .bind("size", file.sizeBytes())
                .bind("sha256", file.sha256())
                .bind("contentType", file.contentType())
                .bind("modified", file.modifiedTimeMs())
                .execute();
    }

    static Optional<ArtifactFile> find(Handle handle, String runId, String path) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE run_id = :runId AND path = :path")
                .bind("runId", runId).bind("path", path)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Every file whose path starts with {@code prefix} ("" = all), sorted by path. */
    static List<ArtifactFile> listUnder(Handle handle, String runId, String prefix) {
        return handle.createQuery("""
                        SELECT path, size_bytes, sha256, content_type, modified_time_ms FROM artifacts
                        WHERE run_id = :runId AND substr(path, 1, :prefixLength) = :prefix
                        ORDER BY path""")
                .bind("runId", runId).bind("prefix", prefix).bind("prefixLength", prefix.codePointCount(0, prefix.length()))
                .map((rs, ctx) -> map(rs))
                .list();
    }

    static boolean anyUnder(Handle handle, String runId, String prefix) {
        return handle.createQuery("""
                        SELECT 1 FROM artifacts WHERE run_id = :runId AND substr(path, 1, :prefixLength) = :prefix LIMIT 1""")
                .bind("runId", runId).bind("prefix", prefix).bind("prefixLength", prefix.codePointCount(0, prefix.length()))
                .mapTo(Integer.class).findOne().isPresent();
    }

    static int delete(Handle handle, String runId, String path) {
        return handle.createUpdate("DELETE FROM artifacts WHERE run_id = :runId AND path = :path")
                .bind("runId", runId).bind("path", path).execute();
    }

    static int deleteUnder(Handle handle, String runId, String prefix) {
        return handle.createUpdate("DELETE FROM artifacts WHERE run_id = :runId AND substr(path, 1, :prefixLength) = :prefix")
                .bind("runId", runId).bind("prefix", prefix).bind("prefixLength", prefix.codePointCount(0, prefix.length()))
                .execute();
    }

    private static ArtifactFile map(ResultSet rs) throws SQLException {
        return new ArtifactFile(rs.getString("path"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getString("content_type"), rs.getLong("modified_time_ms"));
    }
}

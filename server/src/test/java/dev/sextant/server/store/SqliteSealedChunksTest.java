package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSealedChunksTest extends SealedChunksContract {
    @TempDir
    Path folder;

    @Override
    protected TrackingStore openStore() {
        return StoreFactory.open(database().toString());
    }

    @Test
    void complete_chunks_are_sealed_as_the_series_moves_on_and_the_rest_when_the_run_ends() throws SQLException {
        var runId = "0123456789abcdef0123456789abcdef";
        store.createRun(new NewRun(runId, "0", "run", RunStatus.RUNNING, 0, "", null, "", Map.of(), Map.of()));
        var points = new ArrayList<MetricPoint>();
        for (long step = 0; step < 1_000; step++) points.add(new MetricPoint("loss", 1.0 / (step + 1), step, step));
        store.logBatch(runId, points, Map.of(), Map.of());
        // Dense steps: blocks of 256 steps; 0..767 are complete, 768..999 still raw.
        assertThat(count("SELECT COUNT(*) FROM metric_blocks")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM metric_points")).isEqualTo(232);
        assertThat(count("SELECT SUM(point_count) FROM metric_blocks")).isEqualTo(768);

        store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, 1L, null, null));
        assertThat(count("SELECT COUNT(*) FROM metric_blocks")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM metric_points")).isZero();
    }

    private Path database() {
        return folder.resolve("sextant.db");
    }

    private long count(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + database());
             var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

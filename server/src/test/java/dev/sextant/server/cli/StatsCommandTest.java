package dev.sextant.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.domain.MetricPoint;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.store.NewRun;
import dev.sextant.server.store.RunUpdate;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.store.TrackingStore;
import dev.sextant.server.store.postgres.PostgresCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatsCommandTest {
    @TempDir Path dir;

    @Test
    void stats_counts_the_logged_points_per_experiment_and_its_bytes_add_up_to_the_database_file() throws Exception {
        String sealed;
        String raw;
        try (var store = StoreFactory.open(dir.resolve("sextant.db").toString())) {
            sealed = store.createExperiment("sealed", "", Map.of(), 0).experimentId();
            raw = store.createExperiment("raw", "", Map.of(), 0).experimentId();
            store.createExperiment("empty", "", Map.of(), 0);
            // Finished runs are sealed into blocks; a running one keeps its current chunks as raw rows.
            log(store, sealed, "00000000000000000000000000000001", 3, 5_000, true);
            log(store, sealed, "00000000000000000000000000000002", 2, 5_000, true);
            log(store, raw, "00000000000000000000000000000003", 2, 200, false);
        }

        var rows = parse(run("--data-dir", dir.toString()));

        assertThat(rows.get("0")).containsExactly(0L, 0L);
        assertThat(rows.get(sealed)[0]).isEqualTo(25_000L);
        assertThat(rows.get(raw)[0]).isEqualTo(400L);
        assertThat(rows.get(sealed)[1]).isPositive();
        assertThat(rows.get(raw)[1]).isPositive();
        // Raw rows cost several times what sealed blocks do.
        assertThat((double) rows.get(raw)[1] / 400).isGreaterThan((double) rows.get(sealed)[1] / 25_000);
        long attributed = 0;
        for (var entry : rows.entrySet()) {
            if (!entry.getKey().equals("ALL") && !entry.getKey().equals("TOTAL")) attributed += entry.getValue()[1];
        }
        assertThat(rows.get("ALL")).containsExactly(25_400L, attributed);
        assertThat(rows.get("TOTAL")[0]).isEqualTo(25_400L);
        // The whole database is its pages: the file's size, the WAL having been checkpointed when the store closed.
        assertThat(rows.get("TOTAL")[1]).isEqualTo(Files.size(dir.resolve("sextant.db"))).isGreaterThan(attributed);
    }

    @Test
    void stats_on_postgresql_counts_the_points_and_shares_out_the_point_tables_sizes() {
        String url = PostgresCluster.shared().createDatabase();
        String experiment;
        try (var store = StoreFactory.open(url)) {
            experiment = store.createExperiment("pg", "", Map.of(), 0).experimentId();
            log(store, experiment, "00000000000000000000000000000004", 2, 3_000, true);
        }

        var rows = parse(run("--db", url));

        assertThat(rows.get(experiment)[0]).isEqualTo(6_000L);
        assertThat(rows.get("ALL")[0]).isEqualTo(6_000L);
        assertThat(rows.get("ALL")[1]).isEqualTo(rows.get(experiment)[1] + (rows.containsKey("-") ? rows.get("-")[1] : 0))
                .isLessThan(rows.get("TOTAL")[1]);
    }

    @Test
    void stats_of_a_missing_database_fails_without_creating_one() {
        int code = new CommandLine(new StatsCommand()).execute("--data-dir", dir.resolve("nowhere").toString());
        assertThat(code).isEqualTo(1);
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }

    private static void log(TrackingStore store, String experimentId, String runId, int keys, int steps, boolean finish) {
        store.createRun(new NewRun(runId, experimentId, "run", RunStatus.RUNNING, 0, "", null, "", Map.of(), Map.of()));
        for (int key = 0; key < keys; key++) {
            var points = new ArrayList<MetricPoint>();
            for (long step = 0; step < steps; step++) points.add(new MetricPoint("m" + key, Math.sin(step * 0.01 + key), 1000 + step * 50, step));
            store.logBatch(runId, points, Map.of(), Map.of());
        }
        if (finish) store.updateRun(runId, new RunUpdate(RunStatus.FINISHED, 1L, null, null));
    }

    /** Experiment id (or ALL, TOTAL) → {points, bytes}. */
    private static Map<String, long[]> parse(String output) {
        var rows = new HashMap<String, long[]>();
        for (var line : output.split("\n")) {
            if (!line.matches("^(\\d+|ALL|TOTAL|-)\\s.*")) continue;
            var numbers = line.substring(43).trim().split("\\s+");
            rows.put(line.substring(0, 12).trim(), new long[] {Long.parseLong(numbers[0].replace(",", "")), Long.parseLong(numbers[1].replace(",", ""))});
        }
        return rows;
    }

    private static String run(String... args) {
        var out = new ByteArrayOutputStream();
        var previous = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(new CommandLine(new StatsCommand()).execute(args)).isZero();
        } finally {
            System.setOut(previous);
        }
        return out.toString();
    }
}

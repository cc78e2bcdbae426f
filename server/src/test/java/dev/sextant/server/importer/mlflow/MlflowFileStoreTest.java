package dev.sextant.server.importer.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.importer.ImportReport;
import dev.sextant.server.importer.SourceRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlflowFileStoreTest {
    @TempDir
    Path mlruns;

    @Test
    void run_ids_that_yaml_reads_as_numbers_keep_their_folder_names() throws IOException {
        Files.createDirectories(mlruns.resolve("1"));
        Files.writeString(mlruns.resolve("1/meta.yaml"), "experiment_id: 1\nlifecycle_stage: active\nname: digits\n");
        // Unquoted, YAML 1.1 reads these as octal 8, the float 90.0, the float 90.0 again, and the number 1;
        // the last one is quoted, as the mlflow client writes it.
        var ids = new String[] {"00000000000000000000000000000010", "00000000000000000000000000000090",
                "000000000000000000000000000009e1", "00000000000000000000000000000001", "0000000000000000000000000000abcd"};
        for (int i = 0; i < ids.length; i++) {
            var run = mlruns.resolve("1").resolve(ids[i]);
            Files.createDirectories(run.resolve("metrics"));
            String id = i == ids.length - 1 ? "'" + ids[i] + "'" : ids[i];
            Files.writeString(run.resolve("meta.yaml"), "experiment_id: 1\nrun_id: " + id + "\nrun_name: run-" + i
                    + "\nstart_time: " + (1_700_000_000_000L + i) + "\nend_time: null\nstatus: 3\nlifecycle_stage: active\nuser_id: me\n");
            Files.writeString(run.resolve("metrics/loss"), "1700000000000 0.5 0\n");
        }

        var experiments = new MlflowFileStore(mlruns).experiments(new ImportReport());

        assertThat(experiments).singleElement().satisfies(experiment -> {
            assertThat(experiment.sourceId()).isEqualTo("1");
            assertThat(experiment.runs()).extracting(SourceRun::sourceId).containsExactly(ids);
            assertThat(experiment.runs()).extracting(SourceRun::preferredRunId).containsExactly(ids);
        });
    }
}

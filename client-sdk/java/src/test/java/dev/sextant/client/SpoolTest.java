package dev.sextant.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private final ObjectMapper mapper = new ObjectMapper();
    private final RequestBodies bodies = new RequestBodies(mapper);

    @TempDir
    Path temp;

    @Test
    void events_read_back_exactly_as_they_were_appended() throws Exception {
        var batch = PointBatch.allocate(3);
        batch.keys()[0] = "loss";
        batch.values()[0] = Double.NaN;
        batch.keys()[1] = "acc";
        batch.values()[1] = Double.NEGATIVE_INFINITY;
        batch.keys()[2] = "lr";
        batch.values()[2] = 0.125;
        batch.steps()[2] = 7;
        batch.timestampsMs()[2] = 1234;
        var metrics = SpoolEvent.metrics(RUN, bodies.metrics(batch.withSize(3)), 3);
        var tags = SpoolEvent.of(SpoolEvent.Op.SET_TAGS, RUN, bodies.tags(java.util.Map.of("model", "cnn")));
        try (var spool = new Spool(temp.resolve(RUN), mapper)) {
            spool.append(metrics);
            spool.append(tags);
            var entries = spool.pending(10);
            assertThat(entries).hasSize(2);
            var first = entries.get(0).event();
            assertThat(first.op()).isEqualTo(SpoolEvent.Op.LOG_METRICS);
            assertThat(first.points()).isEqualTo(3);
            assertThat(mapper.readTree(first.body())).isEqualTo(mapper.readTree(metrics.body()));
            assertThat(mapper.readTree(first.body()).at("/metrics/0/value").asText()).isEqualTo("NaN");
            assertThat(mapper.readTree(first.body()).at("/metrics/1/value").asText()).isEqualTo("-Infinity");
            assertThat(mapper.readTree(entries.get(1).event().body()).at("/tags/model").asText()).isEqualTo("cnn");
        }
    }

    @Test
    void acknowledged_events_are_not_replayed_again_after_a_restart() throws Exception {
        Path dir = temp.resolve(RUN);
        try (var spool = new Spool(dir, mapper)) {
            for (int i = 0; i < 3; i++) spool.append(SpoolEvent.of(SpoolEvent.Op.SET_TAGS, RUN, bodies.tags(java.util.Map.of("i", "" + i))));
            spool.acknowledge(spool.pending(1).get(0).endPosition());
        }
        try (var reopened = Spool.openExisting(dir, mapper).orElseThrow()) {
            var entries = reopened.pending(10);
            assertThat(entries).extracting(entry -> mapper.readTree(entry.event().body()).at("/tags/i").asText())
                    .containsExactly("1", "2");
        }
    }

    @Test
    void a_fully_acknowledged_spool_is_emptied() throws Exception {
        try (var spool = new Spool(temp.resolve(RUN), mapper)) {
            spool.append(SpoolEvent.of(SpoolEvent.Op.LOG_CONFIG, RUN, bodies.config(java.util.Map.of("lr", 0.1))));
            spool.acknowledge(spool.pending(10).get(0).endPosition());
            assertThat(spool.hasPending()).isFalse();
            assertThat(Files.size(temp.resolve(RUN).resolve(Spool.EVENTS))).isZero();
        }
    }

    @Test
    void a_torn_last_line_from_a_crash_is_ignored() throws Exception {
        Path dir = temp.resolve(RUN);
        try (var spool = new Spool(dir, mapper)) {
            spool.append(SpoolEvent.of(SpoolEvent.Op.SET_TAGS, RUN, bodies.tags(java.util.Map.of("a", "b"))));
        }
        Files.write(dir.resolve(Spool.EVENTS), "{\"op\":\"set_ta".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (var reopened = Spool.openExisting(dir, mapper).orElseThrow()) {
            assertThat(reopened.pending(10)).hasSize(1);
        }
    }

    @Test
    void an_artifact_is_copied_into_the_spool_so_later_changes_to_the_file_do_not_matter() throws Exception {
        Path file = Files.writeString(temp.resolve("model.bin"), "weights-v1");
        try (var spool = new Spool(temp.resolve(RUN), mapper)) {
            spool.append(SpoolEvent.artifact(RUN, "models/model.bin", file));
            Files.writeString(file, "weights-v2");
            var event = spool.pending(1).get(0).event();
            assertThat(event.artifactPath()).isEqualTo("models/model.bin");
            assertThat(event.file()).startsWith(temp.resolve(RUN));
            assertThat(Files.readString(event.file())).isEqualTo("weights-v1");
        }
    }

    @Test
    void a_second_owner_cannot_open_a_spool_that_is_in_use() throws Exception {
        Path dir = temp.resolve(RUN);
        try (var spool = new Spool(dir, mapper)) {
            spool.append(SpoolEvent.of(SpoolEvent.Op.SET_TAGS, RUN, bodies.tags(java.util.Map.of("a", "b"))));
            var child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    SpoolLockProbe.class.getName(), dir.toString()).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            child.waitFor();
            assertThat(output).endsWith("in-use");
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}

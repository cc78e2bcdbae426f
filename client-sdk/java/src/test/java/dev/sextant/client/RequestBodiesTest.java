package dev.sextant.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final RequestBodies bodies = new RequestBodies(mapper);

    @Test
    void a_metric_batch_is_sent_with_snake_case_fields_and_special_values_as_strings() throws Exception {
        var batch = PointBatch.allocate(2);
        batch.keys()[0] = "train/loss";
        batch.values()[0] = 0.5;
        batch.steps()[0] = 3;
        batch.timestampsMs()[0] = 1700000000000L;
        batch.keys()[1] = "train/loss";
        batch.values()[1] = Double.POSITIVE_INFINITY;
        var json = mapper.readTree(bodies.metrics(batch.withSize(2)));
        assertThat(json.at("/metrics/0/key").asText()).isEqualTo("train/loss");
        assertThat(json.at("/metrics/0/value").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/metrics/0/step").asLong()).isEqualTo(3);
        assertThat(json.at("/metrics/0/timestamp_ms").asLong()).isEqualTo(1700000000000L);
        assertThat(json.at("/metrics/1/value").asText()).isEqualTo("Infinity");
        assertThat(json.get("metrics")).hasSize(2);
    }

    @Test
    void a_create_request_carries_the_client_chosen_id_and_nested_config() throws Exception {
        var spec = RunSpec.of("mnist").withName("first").withConfig(Map.of("model", Map.of("layers", 4))).withParent("p");
        var json = mapper.readTree(bodies.createRun("ab".repeat(16), spec, "ada", 42));
        assertThat(json.get("run_id").asText()).isEqualTo("ab".repeat(16));
        assertThat(json.get("experiment_name").asText()).isEqualTo("mnist");
        assertThat(json.at("/config/model/layers").asInt()).isEqualTo(4);
        assertThat(json.get("parent_run_id").asText()).isEqualTo("p");
        assertThat(json.get("start_time_ms").asLong()).isEqualTo(42);
    }

    @Test
    void artifact_paths_are_percent_encoded_segment_by_segment() {
        assertThat(HttpTransport.encodePath("plots/loss curve.png")).isEqualTo("plots/loss%20curve.png");
    }
}

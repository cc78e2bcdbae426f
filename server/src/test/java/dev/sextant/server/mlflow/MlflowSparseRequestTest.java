package dev.sextant.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** log-metric's streamed body keeps exactly the nodes the whole tree holds for every field it reads, or fails alike. */
class MlflowSparseRequestTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new MlflowJson().mapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"run_id\":\"0a1b\",\"key\":\"loss\",\"value\":0.25,\"timestamp\":1700000000000,\"step\":3}",
            "{\"runId\":\"0a1b\",\"key\":\"loss\",\"value\":\"0.25\",\"timestamp\":\"1700000000000\",\"step\":\"3\"}",
            "{\"run_uuid\":\"0a1b\",\"key\":\"loss\",\"value\":\"NaN\",\"timestamp\":1,\"step\":-1}",
            "{\"run_id\":\"\",\"runUuid\":\"0a1b\",\"key\":\"k\",\"value\":\"-Infinity\",\"timestamp\":2}",
            "{\"run_id\":null,\"runId\":\"0a1b\",\"key\":null,\"value\":1e400,\"timestamp\":2147483648,\"step\":2147483647}",
            "{\"run_id\":\"a\",\"run_id\":\"b\",\"key\":\"k\",\"key\":\"k2\",\"value\":1,\"value\":2.5,\"timestamp\":3}",
            "{\"run_id\":\"a\",\"key\":5,\"value\":true,\"timestamp\":1.0,\"step\":12345678901234567890}",
            "{\"run_id\":\"a\",\"key\":[\"k\",1],\"value\":{\"x\":[1,2,{\"y\":null}]},\"timestamp\":false,\"step\":-0.0}",
            "{\"run_id\":\"a\",\"model_id\":\"m-1\",\"modelId\":\"m-2\",\"dataset_name\":\"d\",\"datasetDigest\":\"x\",\"value\":1.5e-300}",
            "{\"unknown\":{\"deep\":[1,2,3,{\"a\":\"b\"}]},\"run_id\":\"a\",\"other\":[],\"key\":\"k\",\"value\":-0.0,\"timestamp\":0}",
            "\"{\\\"run_id\\\":\\\"a\\\",\\\"key\\\":\\\"k\\\",\\\"value\\\":1.5,\\\"timestamp\\\":7}\"",
            "", "null", "{}", "[1,2]", "42", "\"not json\"",
            "{\"run_id\":\"a\",\"key\":\"k\",", "{\"run_id\":\"a\",\"unknown\":[1,2,}", "{\"run_id\":\"a\"}}", "{\"run_id\":'a'}",
            "{\"key\":\"k\",\"unknown\":\"\\u00e9\\ud83d\\ude00\",\"value\":01}"})
    void every_field_log_metric_reads_is_the_node_the_whole_tree_holds(String body) {
        JsonNode[] whole = new JsonNode[1];
        JsonNode[] sparse = new JsonNode[1];
        var wholeFailure = catchThrowable(() -> whole[0] = MlflowRequest.whole(stream(body), MAPPER));
        var sparseFailure = catchThrowable(() -> sparse[0] = MlflowRequest.sparse(stream(body), MAPPER,
                MlflowMetricHandlers.LOG_METRIC_FIELDS));
        if (wholeFailure != null) {
            assertThat(sparseFailure).isNotNull().hasMessage(wholeFailure.getMessage()).isInstanceOf(wholeFailure.getClass());
            return;
        }
        assertThat(sparseFailure).isNull();
        for (var field : MlflowMetricHandlers.LOG_METRIC_FIELDS) {
            var expected = whole[0].get(field);
            var actual = sparse[0].get(field);
            assertThat(actual).as(field).isEqualTo(expected);
            if (expected != null) assertThat(actual.getClass()).as(field).isEqualTo(expected.getClass());
        }
    }

    @org.junit.jupiter.api.Test
    void a_sparse_request_refuses_to_read_a_field_it_did_not_keep() throws Exception {
        var request = MlflowRequest.sparseRequest(stream("{\"run_id\":\"a\",\"key\":\"k\",\"tags\":[]}"), MAPPER,
                MlflowRequest.fields("key"));
        assertThat(request.runId()).isEqualTo("a");
        assertThat(request.string("key")).isEqualTo("k");
        assertThat(catchThrowable(() -> request.messages("tags"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'tags' was not read");
        var fields = MlflowRequest.fields("key");
        assertThat(fields).contains("key", "run_id", "runId", "run_uuid", "runUuid");
        assertThat(MlflowMetricHandlers.LOG_METRIC_FIELDS).contains("model_id", "modelId", "dataset_digest", "datasetDigest");
    }

    private static ByteArrayInputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }
}

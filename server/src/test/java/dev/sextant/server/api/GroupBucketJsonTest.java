package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sextant.server.domain.MetricGroups;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-written bucket serializer writes what Jackson's own record serializer writes for the same mapper settings:
 * names, order, nulls, NaN and infinities as strings, whole steps as integers, x values as doubles.
 */
class GroupBucketJsonTest {
    /** Jackson's record serializer with the API's naming and double writer, without the hand-written one. */
    private static final JsonMapper PLAIN = JsonMapper.builder(JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void buckets_are_written_as_the_record_serializer_writes_them() throws Exception {
        var buckets = List.of(
                new MetricGroups.Bucket(3L, 1_023L, 25, 1, 1.5, 0.25, 0.05, 1.4, 1.6, -0.0, 2.0, 1.25),
                new MetricGroups.Bucket(-9_007_199_254_740_993L, Long.MAX_VALUE, 1, 0, 1e-320, null, null, null, null, 1e-320, 1e-320, 1e-320),
                new MetricGroups.Bucket(0.1, 0.30000000000000004, 0, 3, null, null, null, null, null, null, null, null),
                new MetricGroups.Bucket(1.7e308, Double.MAX_VALUE, 2, 0, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, -1e-7, 123456789.123, Double.MIN_VALUE, 4.9e-324, 1e21),
                new MetricGroups.Bucket(7, 8, 2, 0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0));
        var mapper = Json.newMapper();
        for (var bucket : buckets) {
            assertThat(mapper.writeValueAsString(bucket)).isEqualTo(PLAIN.writeValueAsString(bucket));
        }
        var groups = new MetricGroups("loss", "step", 3L, 1_023L, List.of(new MetricGroups.Group(Map.of("params.lr", "0.1"),
                List.of("a", "b"), List.of("b"), buckets)));
        assertThat(mapper.writeValueAsString(groups)).isEqualTo(PLAIN.writeValueAsString(groups))
                .contains("\"stderr\":\"-Infinity\"", "\"mean\":\"NaN\"", "\"x_start\":-9007199254740993");
    }
}

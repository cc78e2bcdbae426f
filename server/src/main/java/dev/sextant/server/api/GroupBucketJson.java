package dev.sextant.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.sextant.server.domain.MetricGroups;
import java.io.IOException;

/**
 * Writes a group statistics bucket field by field, with the names, order and number forms Jackson's record
 * serializer gives it: a 1,000-bucket group read writes thousands of buckets, and reading each record component by
 * reflection measured as much as formatting the numbers.
 */
final class GroupBucketJson extends StdSerializer<MetricGroups.Bucket> {
    GroupBucketJson() {
        super(MetricGroups.Bucket.class);
    }

    @Override
    public void serialize(MetricGroups.Bucket bucket, JsonGenerator out, SerializerProvider provider) throws IOException {
        out.writeStartObject(bucket);
        number(out, provider, "x_start", bucket.xStart());
        number(out, provider, "x_end", bucket.xEnd());
        out.writeNumberField("n", bucket.n());
        out.writeNumberField("nan_runs", bucket.nanRuns());
        number(out, provider, "mean", bucket.mean());
        number(out, provider, "std", bucket.std());
        number(out, provider, "stderr", bucket.stderr());
        number(out, provider, "ci95_low", bucket.ci95Low());
        number(out, provider, "ci95_high", bucket.ci95High());
        number(out, provider, "min", bucket.min());
        number(out, provider, "max", bucket.max());
        number(out, provider, "median", bucket.median());
        out.writeEndObject();
    }

    private static void number(JsonGenerator out, SerializerProvider provider, String name, Number value) throws IOException {
        out.writeFieldName(name);
        if (value == null) out.writeNull();
        else if (value instanceof Double d) out.writeNumber(d.doubleValue()); // NaN and infinities as strings, as configured
        else if (value instanceof Long l) out.writeNumber(l.longValue());
        else provider.defaultSerializeValue(value, out);
    }
}

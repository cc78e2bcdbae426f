package dev.sextant.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * One JSON object per line: {@code ts} (UTC, milliseconds), {@code level}, {@code logger}, {@code thread},
 * {@code message}, then the event's key-value pairs (SLF4J's {@code addKeyValue}; numbers stay numbers) and MDC
 * entries as fields of their own, and {@code exception} with the stack trace when there is one. A pair named like
 * one of the fixed fields is skipped, so every line parses to an object with unique keys.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> FIXED = Set.of("ts", "level", "logger", "thread", "message", "exception");

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("ts", TIME.format(event.getInstant()));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            var pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (var pair : pairs) {
                    if (pair.key == null || FIXED.contains(pair.key)) continue;
                    writeValue(json, pair.key, pair.value);
                }
            }
            var mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (var entry : mdc.entrySet()) {
                    if (!FIXED.contains(entry.getKey())) json.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            if (event.getThrowableProxy() != null) {
                json.writeStringField("exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator json, String key, Object value) throws IOException {
        json.writeFieldName(key);
        if (value == null) json.writeNull();
        else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            json.writeNumber(number.doubleValue());
        } else if (value instanceof Boolean bool) json.writeBoolean(bool);
        else json.writeString(value.toString());
    }
}

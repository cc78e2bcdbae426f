package dev.sextant.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLogEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LoggerContext CONTEXT = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

    private static String encode(LoggingEvent event) {
        var encoder = new JsonLogEncoder();
        encoder.setContext(CONTEXT);
        encoder.start();
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private static LoggingEvent event(String message, Throwable failure, Object... arguments) {
        return new LoggingEvent("test", CONTEXT.getLogger("dev.sextant.Test"), Level.WARN, message, failure, arguments);
    }

    @Test
    void one_line_holds_the_fixed_fields_and_each_key_value_pair_as_a_typed_field() throws Exception {
        var event = event("stored {} points", null, 42);
        event.addKeyValuePair(new KeyValuePair("status", 201));
        event.addKeyValuePair(new KeyValuePair("duration_ms", 1.25));
        event.addKeyValuePair(new KeyValuePair("route", "/api/v1/runs/{run_id}"));
        event.addKeyValuePair(new KeyValuePair("level", "a pair may not replace a fixed field"));

        var line = encode(event);
        assertThat(line).endsWith("\n").doesNotContain("\n{").hasLineCount(1);
        var json = JSON.readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("dev.sextant.Test");
        assertThat(json.get("message").asText()).isEqualTo("stored 42 points");
        assertThat(json.get("status").isInt()).isTrue();
        assertThat(json.get("duration_ms").asDouble()).isEqualTo(1.25);
        assertThat(json.get("route").asText()).isEqualTo("/api/v1/runs/{run_id}");
        assertThat(json.get("ts").asText()).endsWith("Z");
    }

    @Test
    void a_stack_trace_and_a_message_with_quotes_and_newlines_stay_on_one_line() throws Exception {
        var line = encode(event("a \"quoted\"\nmessage", new IllegalStateException("boom")));
        assertThat(line.strip()).doesNotContain("\n");
        var json = JSON.readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("a \"quoted\"\nmessage");
        assertThat(json.get("exception").asText()).contains("IllegalStateException: boom").contains("at dev.sextant");
    }
}

package dev.sextant.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Applies the server's log flags to Logback (imported in this package only): one console appender on stderr in
 * the chosen {@link LogFormat}, and the levels. {@code levels} is a comma-separated list: a bare level is
 * Sextant's own (its loggers and the access log, {@code sextant.access}), {@code NAME=LEVEL} sets any logger,
 * {@code root=LEVEL} the libraries'. Examples: {@code info}, {@code debug,org.eclipse.jetty=info},
 * {@code info,sextant.access=off}.
 */
public final class LogSetup {
    /** Loggers a bare level applies to. */
    private static final String[] OWN_LOGGERS = {"dev.sextant", "sextant"};
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXX} %-5level %logger{36} - %msg%n";

    private LogSetup() {}

    /** Checks {@code levels} and returns logger name → level; throws IllegalArgumentException naming a bad entry. */
    public static Map<String, Level> parseLevels(String levels) {
        var parsed = new LinkedHashMap<String, Level>();
        for (var entry : levels.split(",")) {
            var item = entry.strip();
            if (item.isEmpty()) continue;
            int equals = item.indexOf('=');
            var level = level(equals < 0 ? item : item.substring(equals + 1).strip(), item);
            if (equals < 0) {
                for (var own : OWN_LOGGERS) parsed.put(own, level);
            } else {
                var name = item.substring(0, equals).strip();
                if (name.isEmpty()) throw new IllegalArgumentException("log level entry '" + item + "' names no logger");
                parsed.put(name.equalsIgnoreCase("root") ? Logger.ROOT_LOGGER_NAME : name, level);
            }
        }
        return parsed;
    }

    private static Level level(String text, String entry) {
        var level = Level.toLevel(text.toUpperCase(Locale.ROOT), null);
        if (level == null) {
            throw new IllegalArgumentException("log level must be one of trace, debug, info, warn, error, off; got '" + entry + "'");
        }
        return level;
    }

    /**
     * Replaces Logback's configuration with one console appender in {@code format} and these {@code levels} (see the
     * class comment) over the defaults: libraries at warn, Sextant at info.
     */
    public static void apply(LogFormat format, String levels) {
        var parsedLevels = new LinkedHashMap<String, Level>();
        parsedLevels.put(Logger.ROOT_LOGGER_NAME, Level.WARN);
        parsedLevels.putAll(parseLevels("info"));
        parsedLevels.putAll(parseLevels(levels));
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var appender = new ConsoleAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("console");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(format, context));
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        for (var logger : context.getLoggerList()) if (logger != root) logger.setLevel(null);
        parsedLevels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static Encoder<ILoggingEvent> encoder(LogFormat format, LoggerContext context) {
        if (format == LogFormat.JSON) {
            var json = new JsonLogEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        var text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }
}

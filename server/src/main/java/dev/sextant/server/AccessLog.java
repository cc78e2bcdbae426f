package dev.sextant.server;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request on the {@code sextant.access} logger (turn it off with
 * {@code --log-level sextant.access=off}): method, route template, status, duration, body bytes and the token's
 * name. Never the token, the raw path or the query string, which may carry ids or secrets. In JSON format each of
 * these is a field of its own.
 */
public final class AccessLog implements Consumer<CompletedRequest> {
    private static final Logger LOG = LoggerFactory.getLogger("sextant.access");

    @Override
    public void accept(CompletedRequest request) {
        if (!LOG.isInfoEnabled()) return;
        double durationMs = Math.round(request.durationNanos() / 1e4) / 100.0;
        var line = LOG.atInfo()
                .addKeyValue("method", request.method())
                .addKeyValue("route", request.route())
                .addKeyValue("status", request.status())
                .addKeyValue("duration_ms", durationMs)
                .addKeyValue("bytes_in", request.bytesIn())
                .addKeyValue("bytes_out", request.bytesOut());
        if (request.caller() != null) line = line.addKeyValue("token", request.caller());
        line.log("{} {} {} {} ms in={} out={}{}", request.method(), request.route(), request.status(), durationMs,
                request.bytesIn(), request.bytesOut(), request.caller() == null ? "" : " token=" + request.caller());
    }
}

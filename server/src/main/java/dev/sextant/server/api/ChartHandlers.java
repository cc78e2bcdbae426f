package dev.sextant.server.api;

import dev.sextant.server.service.ChartRequest;
import dev.sextant.server.service.ChartRequest.ChartFormat;
import dev.sextant.server.service.ChartService;
import io.javalin.http.Context;
import io.javalin.http.Header;

/** HTTP in, HTTP out for chart images: ETag revalidation and caching headers around ChartService. */
public final class ChartHandlers {
    /** A chart of ended runs changes only if a run is renamed or reopened; the ETag catches that on revalidation. */
    static final String CACHE_FINISHED = "public, max-age=86400";
    /** A running run gets new points at any time: always revalidate (cheap, thanks to the ETag). */
    static final String CACHE_RUNNING = "no-cache";

    private final ChartService charts;

    public ChartHandlers(ChartService charts) {
        this.charts = charts;
    }

    void png(Context ctx) {
        metric(ctx, ChartFormat.PNG, "image/png");
    }

    void svg(Context ctx) {
        metric(ctx, ChartFormat.SVG, "image/svg+xml");
    }

    private void metric(Context ctx, ChartFormat format, String contentType) {
        var plan = charts.plan(new ChartRequest(format, ctx.queryParams("run_id"), ctx.queryParams("key"),
                ctx.queryParam("x"), ctx.queryParam("smoothing"), ctx.queryParam("log_y"), ctx.queryParam("band"),
                ctx.queryParam("width"), ctx.queryParam("height"), ctx.queryParam("title"), ctx.queryParam("theme"),
                ctx.queryParams("color"), ctx.queryParams("group_by")));
        ctx.header(Header.ETAG, plan.etag());
        ctx.header(Header.CACHE_CONTROL, plan.finished() ? CACHE_FINISHED : CACHE_RUNNING);
        if (matches(ctx.header(Header.IF_NONE_MATCH), plan.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType).result(charts.render(plan));
    }

    /** If-None-Match may list several tags, weak ones (W/"…") included, or be "*". */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (var candidate : ifNoneMatch.split(",")) {
            var tag = candidate.strip();
            if (tag.startsWith("W/")) tag = tag.substring(2);
            if (tag.equals("*") || tag.equals(etag)) return true;
        }
        return false;
    }
}

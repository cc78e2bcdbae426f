package dev.sextant.server.api;

import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.artifact.ContentTypes;
import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ArtifactService;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * HTTP in, HTTP out for run files. Bodies stream in both directions (never whole in memory), straight on the
 * servlet streams so no response compression or buffering gets between them and Content-Length or Range.
 */
public final class ArtifactHandlers {
    private final ArtifactService artifacts;

    public ArtifactHandlers(ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    void upload(Context ctx) throws IOException {
        var path = artifactPath(ctx);
        long length = ctx.req().getContentLengthLong();
        var file = artifacts.put(ctx.pathParam("run_id"), path, ctx.req().getInputStream(), length, ctx.header("Content-Type"));
        ctx.status(201).json(file);
    }

    void download(Context ctx) throws IOException {
        serve(ctx, true);
    }

    void head(Context ctx) throws IOException {
        serve(ctx, false);
    }

    void list(Context ctx) {
        ctx.json(artifacts.list(ctx.pathParam("run_id"), ctx.queryParam("prefix")));
    }

    void delete(Context ctx) {
        int deleted = artifacts.delete(ctx.pathParam("run_id"), artifactPath(ctx), Requests.boolParam(ctx, "recursive"));
        ctx.json(Map.of("deleted_files", deleted));
    }

    void zip(Context ctx) throws IOException {
        var runId = ctx.pathParam("run_id");
        var files = artifacts.allFiles(runId);
        var res = ctx.res();
        ctx.status(200);
        res.setContentType("application/zip");
        res.setHeader("Content-Disposition", ContentDisposition.attachment("run-" + runId + "-artifacts.zip"));
        securityHeaders(res);
        artifacts.writeZip(runId, files, res.getOutputStream());
    }

    void purge(Context ctx) {
        ctx.json(Map.of("purged_files", artifacts.purge(ctx.pathParam("run_id"))));
    }

    private void serve(Context ctx, boolean withBody) throws IOException {
        var runId = ctx.pathParam("run_id");
        ArtifactFile file = artifacts.get(runId, artifactPath(ctx));
        var res = ctx.res();
        String etag = "\"" + file.sha256() + "\"";
        res.setHeader("ETag", etag);
        res.setDateHeader("Last-Modified", file.modifiedTimeMs());
        res.setHeader("Accept-Ranges", "bytes");
        res.setHeader("Cache-Control", "private, no-cache");
        securityHeaders(res);
        if (Conditionals.notModified(ctx.header("If-None-Match"), ctx.header("If-Modified-Since"), etag, file.modifiedTimeMs())) {
            ctx.status(304);
            return;
        }
        ByteRange range;
        try {
            range = Conditionals.rangeApplies(ctx.header("If-Range"), etag, file.modifiedTimeMs())
                    ? ByteRange.parse(ctx.header("Range"), file.sizeBytes()).orElse(null) : null;
        } catch (ByteRange.Unsatisfiable e) {
            ctx.status(416);
            res.setHeader("Content-Range", "bytes */" + file.sizeBytes());
            res.setContentLength(0);
            return;
        }
        String type = file.contentType();
        res.setContentType(type);
        var fileName = ArtifactPath.of(file.path()).fileName();
        // A browser never renders user HTML or SVG on our origin: only inert types are shown inline.
        res.setHeader("Content-Disposition", ContentTypes.safeToPreview(type)
                ? ContentDisposition.inline(fileName) : ContentDisposition.attachment(fileName));
        long offset = range == null ? 0 : range.start();
        long length = range == null ? file.sizeBytes() : range.length();
        if (range != null) {
            ctx.status(206);
            res.setHeader("Content-Range", range.contentRange(file.sizeBytes()));
        } else {
            ctx.status(200);
        }
        res.setContentLengthLong(length);
        if (!withBody || length == 0) return;
        try (var in = artifacts.open(runId, file, offset, range == null ? -1 : length)) {
            in.transferTo(res.getOutputStream());
        }
    }

    /** Every artifact response: no MIME sniffing, and a sandbox so even a misjudged file cannot run script. */
    private static void securityHeaders(HttpServletResponse res) {
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
    }

    /**
     * The artifact path from the raw request URI, still %-encoded and never normalised by the server, so
     * '..', '%2e%2e' and '%2f' reach {@link ArtifactPath} exactly as the client sent them.
     */
    static ArtifactPath artifactPath(Context ctx) {
        var runId = ctx.pathParam("run_id");
        String uri = ctx.req().getRequestURI();
        String marker = "/runs/" + runId + "/artifacts/";
        int at = uri.indexOf(marker);
        if (at < 0) throw SextantException.invalid("artifact path is missing or malformed");
        return ArtifactPath.decode(uri.substring(at + marker.length()));
    }
}

package dev.sextant.server.api;

import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ArtifactService;
import io.javalin.http.Context;
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

    /** GET and HEAD: the file through the one download path, safe previews inline. */
    void download(Context ctx) throws IOException {
        var runId = ctx.pathParam("run_id");
        ArtifactFile file = artifacts.get(runId, artifactPath(ctx));
        FileDownload.serve(ctx, file, (offset, length) -> artifacts.open(runId, file, offset, length),
                FileDownload.Disposition.PREVIEW_INLINE);
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
        FileDownload.securityHeaders(res);
        artifacts.writeZip(runId, files, res.getOutputStream());
    }

    void purge(Context ctx) {
        ctx.json(Map.of("purged_files", artifacts.purge(ctx.pathParam("run_id"))));
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

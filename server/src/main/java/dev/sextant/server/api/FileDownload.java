package dev.sextant.server.api;

import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.artifact.ContentTypes;
import dev.sextant.server.domain.ArtifactFile;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one way a user file leaves the server, whichever API asks for it (native, MLflow's proxied, get-artifact,
 * logged-model and model-version routes): ETag and Last-Modified with conditional requests, a single Range,
 * {@code nosniff}, a sandbox CSP, a type no page on our origin would run or apply, and an attachment unless the
 * type is a safe preview. Bytes stream straight on the servlet stream, so no compression or buffering gets between
 * them and Content-Length or Range. A HEAD request gets the headers only.
 */
public final class FileDownload {
    /** Even a misjudged file cannot run script or load anything: it is its own opaque origin. */
    static final String SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

    /** Whether a safe preview type (an image, plain text, CSV, JSON) may be shown inline, or every file is an attachment. */
    public enum Disposition { PREVIEW_INLINE, ATTACHMENT }

    /** Opens the bytes of the file from {@code offset}, {@code length} of them (-1 = to the end). */
    @FunctionalInterface
    public interface Bytes {
        InputStream open(long offset, long length);
    }

    private FileDownload() {}

    public static void serve(Context ctx, ArtifactFile file, Bytes bytes, Disposition disposition) throws IOException {
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
        String stored = file.contentType();
        res.setContentType(ContentTypes.forDownload(stored));
        var fileName = ArtifactPath.of(file.path()).fileName();
        // A browser never renders user HTML or SVG on our origin: only inert types are shown inline.
        boolean inline = disposition == Disposition.PREVIEW_INLINE && ContentTypes.safeToPreview(stored);
        res.setHeader("Content-Disposition", inline ? ContentDisposition.inline(fileName) : ContentDisposition.attachment(fileName));
        long offset = range == null ? 0 : range.start();
        long length = range == null ? file.sizeBytes() : range.length();
        // Opened before the status and Content-Length are set: a file deleted or replaced since its index row was read
        // is refused (404, 409) with a JSON error rather than a promised length that is never written.
        boolean withBody = ctx.method() != HandlerType.HEAD && length > 0;
        try (var in = withBody ? bytes.open(offset, range == null ? -1 : length) : null) {
            if (range != null) {
                ctx.status(206);
                res.setHeader("Content-Range", range.contentRange(file.sizeBytes()));
            } else {
                ctx.status(200);
            }
            res.setContentLengthLong(length);
            if (in != null) in.transferTo(res.getOutputStream());
        }
    }

    /** Every response that carries user bytes (files and zips): no MIME sniffing, and the sandbox. */
    public static void securityHeaders(HttpServletResponse res) {
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Content-Security-Policy", SANDBOX_POLICY);
    }
}

package dev.sextant.server.artifact;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** MIME types of artifacts: guessed from a file name, checked when sent by a client, and which are safe to preview. */
public final class ContentTypes {
    private ContentTypes() {}

    public static final String OCTET_STREAM = "application/octet-stream";

    /** Shown inline by a browser: images it cannot execute and plain data. Never HTML, SVG, XML or PDF. */
    private static final Set<String> SAFE_PREVIEW = Set.of(
            "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "application/json", "text/csv");

    /**
     * Types a page on our origin would run or apply when it loads the file as a subresource ({@code <script>},
     * module, worker, stylesheet), where the file's own sandbox CSP does not count: every JavaScript MIME type of
     * the WHATWG MIME Sniffing standard, and CSS. HTML, SVG and XML keep their types: they are active only as
     * documents, which the sandbox makes an opaque origin without script (and the UI shows SVG as an image).
     */
    private static final Set<String> ACTIVE_AS_SUBRESOURCE = Set.of(
            "application/ecmascript", "application/javascript", "application/x-ecmascript", "application/x-javascript",
            "text/ecmascript", "text/javascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
            "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
            "text/x-ecmascript", "text/x-javascript", "text/css");

    private static final Pattern MIME = Pattern.compile(
            "[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}"
                    + "(\\s*;\\s*[a-zA-Z0-9!#$&^_.+-]+=(\"[^\"\\\\\\p{Cntrl}]*\"|[a-zA-Z0-9!#$&^_.+-]+))*");

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"), Map.entry("md", "text/markdown"),
            Map.entry("json", "application/json"), Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"), Map.entry("xml", "application/xml"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"),
            Map.entry("parquet", "application/vnd.apache.parquet"), Map.entry("npy", OCTET_STREAM),
            Map.entry("pt", OCTET_STREAM), Map.entry("ckpt", OCTET_STREAM), Map.entry("bin", OCTET_STREAM));

    /** The type for an upload: the client's header when it is a well-formed, specific type, else a guess from the name. */
    public static String forUpload(String header, String fileName) {
        if (header != null) {
            var type = header.trim();
            var base = baseType(type);
            // curl --data-binary sends form-urlencoded by default: it says nothing about the file.
            if (!type.isEmpty() && type.length() <= 255 && MIME.matcher(type).matches()
                    && !base.equals("application/x-www-form-urlencoded") && !base.startsWith("multipart/")) {
                return type;
            }
        }
        return guess(fileName);
    }

    public static String guess(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) return OCTET_STREAM;
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }

    /**
     * The type a stored file is served with: its own, except script and stylesheet types, which go out as plain
     * text (with {@code nosniff}, a browser then refuses to run or apply them).
     */
    public static String forDownload(String storedType) {
        return ACTIVE_AS_SUBRESOURCE.contains(baseType(storedType)) ? "text/plain" : storedType;
    }

    /** True when a browser may show the file inline on our origin. */
    public static boolean safeToPreview(String contentType) {
        return SAFE_PREVIEW.contains(baseType(contentType));
    }

    /** "Text/HTML; charset=utf-8" → "text/html". */
    public static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}

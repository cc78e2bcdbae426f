package dev.sextant.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The UI's scripts and styles under {@code /assets/<version>/js/…} and {@code /assets/<version>/css/…}, cached by
 * browsers for good (ADR 0019). The pages (index, login, share) name them with this build's version, written into
 * them at build time, so a page load asks only for its page and the API: before, each of the runs table's 18 modules
 * was revalidated with a 304, in a chain four imports deep. A new build has a new version, hence new URLs. Another
 * version's URL is not served: a page of an older build, still open, gets 404s for modules it has not loaded yet,
 * not this build's modules mixed with its own.
 */
public final class UiAssets {
    public static final String PREFIX = "/assets/";
    private static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

    private UiAssets() {}

    /** This build's UI version (the build's time unless set), as the pages name it. */
    public static String version() {
        try (var in = UiAssets.class.getResourceAsStream("ui-version.txt")) {
            if (in == null) throw new IllegalStateException("ui-version.txt is missing from the server's classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves the classpath's public/js and public/css under this version's prefix, cached for good. */
    public static void serve(JavalinConfig config) {
        var hosted = PREFIX + version();
        config.staticFiles.add(files -> {
            files.hostedPath = hosted;
            files.directory = "/public";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", CACHE_FOREVER);
            // Only the files the pages load this way; the pages themselves are revalidated at their own URLs.
            files.skipFileFunction = request -> !servable(request.getRequestURI(), hosted);
        });
    }

    static boolean servable(String path, String hosted) {
        return path.startsWith(hosted + "/js/") || path.startsWith(hosted + "/css/");
    }
}

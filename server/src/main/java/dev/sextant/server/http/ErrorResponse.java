package dev.sextant.server.http;

import dev.sextant.server.error.ErrorCode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one error body both APIs send, {@code {"error_code","message"}}, written by every layer that answers an error
 * (App's exception mapping, the MLflow handlers, the servlet filters, Jetty's own refusals), and the one table of
 * HTTP status → code for failures that arrive as a bare status. A code is always an {@link ErrorCode}, so nothing
 * reaches the wire that the enum does not name.
 */
public final class ErrorResponse {
    private ErrorResponse() {}

    /** The body, ASCII only (other characters \\u-escaped), so it is the same bytes whatever writes it. */
    public static byte[] body(ErrorCode code, String message) {
        var json = "{\"error_code\":\"" + code.name() + "\",\"message\":" + (message == null ? "null" : "\"" + escape(message) + "\"") + "}";
        return json.getBytes(StandardCharsets.US_ASCII);
    }

    /** The code of a failure known only by its status (a Javalin or Jetty refusal). */
    public static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404, 405 -> ErrorCode.ENDPOINT_NOT_FOUND;
            case 413, 414, 431 -> ErrorCode.REQUEST_TOO_LARGE;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 429 -> ErrorCode.REQUEST_LIMIT_EXCEEDED;
            case 503 -> ErrorCode.TEMPORARILY_UNAVAILABLE;
            case 505 -> ErrorCode.BAD_REQUEST; // Jetty's answer to a request line naming no HTTP version it speaks
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
    }

    /** From a handler: the error with {@code status}, which may differ from the code's own (MLflow's table). */
    public static void write(Context ctx, int status, ErrorCode code, String message) {
        ctx.status(status).contentType("application/json").result(body(code, message));
    }

    /** From a servlet filter, before or instead of any handler: the whole answer, sent at once. */
    public static void write(HttpServletResponse res, int status, ErrorCode code, String message) throws IOException {
        var body = body(code, message);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
        res.flushBuffer();
    }

    private static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }
}

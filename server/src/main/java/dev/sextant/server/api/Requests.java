package dev.sextant.server.api;

import dev.sextant.server.error.SextantException;
import io.javalin.http.Context;

/** Reading request bodies and query parameters with errors that name the field. */
final class Requests {
    private Requests() {}

    /** The JSON body as a record; an empty body is an empty object. Malformed JSON is mapped by App. */
    static <T> T body(Context ctx, Class<T> type) {
        var text = ctx.body();
        // A JSON null body would come back as null (Javalin's mapper even throws an NPE on it): refuse it here.
        if (text.strip().equals("null")) throw SextantException.invalid("the request body must be a JSON object, got null");
        T body = ctx.jsonMapper().fromJsonString(text.isBlank() ? "{}" : text, type);
        if (body == null) throw SextantException.invalid("the request body must be a JSON object, got null");
        return body;
    }

    static Long optionalLong(Context ctx, String name) {
        var value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) return null;
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw SextantException.invalid("query parameter '" + name + "' must be an integer, got '" + SextantException.abbreviate(value, 60) + "'");
        }
    }

    static int intParam(Context ctx, String name, int defaultValue) {
        Long value = optionalLong(ctx, name);
        if (value == null) return defaultValue;
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw SextantException.invalid("query parameter '" + name + "' is out of range: " + value);
        }
        return value.intValue();
    }

    static boolean boolParam(Context ctx, String name) {
        var value = ctx.queryParam(name);
        if (value == null || value.isEmpty() || value.equals("false") || value.equals("0")) return false;
        if (value.equals("true") || value.equals("1")) return true;
        throw SextantException.invalid("query parameter '" + name + "' must be true or false, got '" + SextantException.abbreviate(value, 60) + "'");
    }
}

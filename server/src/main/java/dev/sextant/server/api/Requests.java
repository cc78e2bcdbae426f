package dev.sextant.server.api;

import dev.sextant.server.error.SextantException;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reading request bodies and query parameters with errors that name the field. */
final class Requests {
    private Requests() {}

    /** Where {@link #tree} keeps a body it has read, for the handler that reads it again. */
    private static final String TREE = "sextant.json-body";

    /**
     * The JSON body as a record, parsed straight from the request stream (the body is never held as bytes and
     * text besides); an empty body is an empty object. {@code operation} ("runs.create") names the request in the
     * refusal of a field the record does not declare (UnknownField); nothing has been done when that is thrown.
     */
    static <T> T body(Context ctx, String operation, Class<T> type) {
        var mapper = mapper(ctx);
        JsonNode tree = ctx.attribute(TREE);
        try {
            if (tree != null) return notNull(tree.isMissingNode() ? mapper.readValue("{}", type) : mapper.treeToValue(tree, type));
            try (JsonParser parser = mapper.createParser(ctx.bodyInputStream())) {
                var first = parser.nextToken();
                return notNull(first == null ? mapper.readValue("{}", type) : mapper.readValue(parser, type));
            }
        } catch (UnrecognizedPropertyException e) {
            throw UnknownField.refusal(operation, e);
        } catch (JacksonException e) {
            throw SextantException.invalid(Json.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON body as a tree, for a filter that must look into it before the handler reads it with {@link #body}. */
    static JsonNode tree(Context ctx) {
        JsonNode tree = ctx.attribute(TREE);
        if (tree == null) {
            try {
                tree = mapper(ctx).readTree(ctx.bodyInputStream());
            } catch (JacksonException e) {
                throw SextantException.invalid(Json.describe(e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (tree == null) tree = MissingNode.getInstance();
            ctx.attribute(TREE, tree);
        }
        return tree;
    }

    private static ObjectMapper mapper(Context ctx) {
        return ((JavalinJackson) ctx.jsonMapper()).getMapper();
    }

    private static <T> T notNull(T body) {
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

    static Double optionalDouble(Context ctx, String name) {
        var value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) return null;
        try {
            double number = Double.parseDouble(value);
            if (Double.isFinite(number)) return number;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw SextantException.invalid("query parameter '" + name + "' must be a finite number, got '" + SextantException.abbreviate(value, 60) + "'");
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

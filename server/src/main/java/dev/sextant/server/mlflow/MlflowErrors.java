package dev.sextant.server.mlflow;

import com.fasterxml.jackson.core.JacksonException;
import dev.sextant.server.api.Json;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.http.ErrorResponse;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;

/**
 * MLflow's error codes with the HTTP statuses its clients expect. Our native API answers some codes
 * differently (RESOURCE_ALREADY_EXISTS is 409 there); MLflow clients get MLflow's table. Client errors
 * always get a 4xx: the Python client retries 5xx answers for minutes, so a deterministic refusal must
 * never look like a server fault (MLflow itself answers INVALID_STATE with 500; we answer 400).
 */
final class MlflowErrors {
    private MlflowErrors() {}

    static int httpStatus(ErrorCode code) {
        return switch (code) {
            case INVALID_PARAMETER_VALUE, BAD_REQUEST, RESOURCE_ALREADY_EXISTS, INVALID_STATE -> 400;
            case RESOURCE_DOES_NOT_EXIST, ENDPOINT_NOT_FOUND -> 404;
            case REQUEST_TOO_LARGE -> 413;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_IMPLEMENTED -> 400;
            case REQUEST_LIMIT_EXCEEDED -> 429;
            case TEMPORARILY_UNAVAILABLE -> 503;
            case INTERNAL_ERROR -> 500;
        };
    }

    /** The code on the wire: only names MLflow's ErrorCode enum knows, or the Python client cannot parse it. */
    static ErrorCode wireCode(ErrorCode code) {
        return code == ErrorCode.REQUEST_TOO_LARGE ? ErrorCode.INVALID_PARAMETER_VALUE : code;
    }

    /** Runs an MLflow handler, writing expected failures as MLflow error JSON; the rest goes to App's mapper. */
    static Handler guard(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (SextantException e) {
                write(ctx, e.code(), MlflowMessages.mlflowWording(e.getMessage(), ctx));
            } catch (JacksonException e) {
                var limit = Json.describeLimit(e);
                write(ctx, ErrorCode.INVALID_PARAMETER_VALUE, limit != null ? limit : "malformed JSON: " + e.getOriginalMessage());
            } catch (HttpResponseException e) {
                var code = ErrorResponse.codeFor(e.getStatus());
                // A refusal of the request is never answered 5xx to MLflow clients (see above).
                write(ctx, httpStatus(code) >= 500 ? ErrorCode.BAD_REQUEST : code, e.getMessage());
            }
        };
    }

    /**
     * A route MLflow 3 serves for a feature Sextant does not have (GenAI: traces, assessments, prompts optimisation,
     * gateway, scorers, evaluation datasets, ...): MLflow's NOT_IMPLEMENTED code with a message naming the feature.
     * The status is 400, not MLflow's 501, for the reason given at the multipart routes: no request makes Sextant
     * answer 5xx.
     */
    static Handler notImplemented(String what) {
        return ctx -> write(ctx, ErrorCode.NOT_IMPLEMENTED, what + " is not implemented by Sextant, which serves MLflow's "
                + "tracking, logged models and model registry: " + ctx.method() + " " + ctx.path());
    }

    static void write(Context ctx, ErrorCode code, String message) {
        ErrorResponse.write(ctx, httpStatus(code), wireCode(code), message);
    }
}

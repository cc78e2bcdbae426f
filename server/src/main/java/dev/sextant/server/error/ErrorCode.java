package dev.sextant.server.error;

/**
 * Stable error codes shared by both APIs; each carries the HTTP status of the native API. Every code any response
 * carries is one of these (http/ErrorResponse writes them all); MLflow clients know each name.
 */
public enum ErrorCode {
    INVALID_PARAMETER_VALUE(400),
    BAD_REQUEST(400),
    RESOURCE_DOES_NOT_EXIST(404),
    ENDPOINT_NOT_FOUND(404),
    RESOURCE_ALREADY_EXISTS(409),
    INVALID_STATE(409),
    REQUEST_TOO_LARGE(413),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    /** A feature of MLflow's API Sextant does not serve; 400, not 501, because no request makes Sextant answer 5xx. */
    NOT_IMPLEMENTED(400),
    /** Another large body is being parsed and this one waited its turn too long; clients retry. */
    REQUEST_LIMIT_EXCEEDED(429),
    /** The server is shutting down; clients retry (on another replica). */
    TEMPORARILY_UNAVAILABLE(503),
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

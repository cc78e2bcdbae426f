package dev.sextant.server.error;

/** Stable error codes shared by both APIs; each carries the HTTP status of the native API. */
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
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

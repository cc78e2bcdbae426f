package dev.sextant.server.error;

/** The one exception type for expected failures; its message is safe to show to the caller. */
public final class SextantException extends RuntimeException {
    private final ErrorCode code;

    public SextantException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static SextantException invalid(String message) {
        return new SextantException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    public static SextantException notFound(String what, Object id) {
        return new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST, what + " '" + id + "' does not exist");
    }

    public static SextantException alreadyExists(String message) {
        return new SextantException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
    }

    public static SextantException invalidState(String message) {
        return new SextantException(ErrorCode.INVALID_STATE, message);
    }
}

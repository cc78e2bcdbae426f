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

    /** A received value as an error message quotes it: cut to {@code maxChars} characters, with "..." when cut. */
    public static String abbreviate(String text, int maxChars) {
        return text.length() > maxChars ? text.substring(0, maxChars) + "..." : text;
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

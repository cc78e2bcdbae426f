package dev.sextant.client;

/**
 * The server refused a request with a 4xx: the request is wrong and sending it again will not help.
 * Carries the server's error code and message.
 */
public final class ServerRejectedException extends RuntimeException {
    private final int status;
    private final String errorCode;

    public ServerRejectedException(int status, String errorCode, String message) {
        super("HTTP " + status + " " + errorCode + ": " + message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }
}

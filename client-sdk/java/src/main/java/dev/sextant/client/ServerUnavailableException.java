package dev.sextant.client;

import java.io.IOException;

/** The server could not be reached or failed with a 5xx (or 408/429): the same request may succeed later. */
public final class ServerUnavailableException extends IOException {
    public ServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

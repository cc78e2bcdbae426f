package dev.sextant.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports for the processes tests start (servers, S3Proxy, PostgreSQL), which cannot take port 0 themselves. */
public final class Ports {
    private Ports() {}

    /** A port that was free on 127.0.0.1 a moment ago; the caller's process binds it next. */
    public static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}

package dev.sextant.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket: the cheapest client we can write, so that on a
 * 2-core machine the load generator takes as little CPU as possible from the server it measures. One
 * thread per connection; not thread-safe. Understands Content-Length and chunked responses.
 */
final class HttpConnection implements AutoCloseable {
    /** A response: status and body bytes. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    HttpConnection(String baseUrl) {
        var uri = URI.create(baseUrl);
        host = uri.getHost();
        port = uri.getPort();
        hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    Response post(String path, byte[] json) throws IOException {
        return send("POST", path, json);
    }

    Response post(String path, String json) throws IOException {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8));
    }

    Response get(String path) throws IOException {
        return send("GET", path, null);
    }

    /** Sends once; a connection the server closed meanwhile is reopened and the request sent again once. */
    Response send(String method, String path, byte[] body) throws IOException {
        try {
            return exchange(method, path, body);
        } catch (IOException e) {
            close();
            return exchange(method, path, body);
        }
    }

    /** Fails on anything but 2xx, naming the request and the answer. */
    Response ok(String method, String path, String body) throws IOException {
        var response = send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.status() + ": " + response.text());
        }
        return response;
    }

    private Response exchange(String method, String path, byte[] body) throws IOException {
        if (socket == null) {
            var fresh = new Socket();
            try {
                fresh.setTcpNoDelay(true);
                fresh.connect(new InetSocketAddress(host, port), 5_000);
                fresh.setSoTimeout(120_000);
            } catch (IOException e) {
                fresh.close();
                throw e;
            }
            socket = fresh;
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }
        var head = new StringBuilder(128).append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        var request = new ByteArrayOutputStream(256 + (body == null ? 0 : body.length));
        request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(hostHeader);
        if (body != null) {
            request.writeBytes(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
        } else {
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeTo(out);
        out.flush();
        return readResponse();
    }

    private Response readResponse() throws IOException {
        String status = line();
        if (status.length() < 12) throw new IOException("bad status line: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) continue;
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
            else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.equalsIgnoreCase("chunked");
            else if (name.equalsIgnoreCase("Connection")) closeAfter = value.equalsIgnoreCase("close");
        }
        byte[] body;
        if (chunked) {
            var buffer = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                buffer.writeBytes(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) { /* trailers */ }
            body = buffer.toByteArray();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) throw new EOFException("body ended early");
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) close();
        return new Response(code, body);
    }

    private String line() throws IOException {
        var text = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new EOFException("connection closed");
            if (c != '\r') text.append((char) c);
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}

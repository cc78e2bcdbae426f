package dev.sextant.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 on a raw socket to 127.0.0.1: the request target, headers and body go out exactly as given (no
 * normalising, escaping or Content-Length fixing), each on a connection of its own. Reads Content-Length, chunked and close-delimited responses.
 */
public final class RawClient implements AutoCloseable {
    /** Status, headers (names in lower case) and body as received. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawClient(int port) {
        this.port = port;
    }

    /**
     * Sends one request. {@code headers} may hold Content-Length (then it is sent as given, even if it lies);
     * otherwise the body's real length is declared. {@code sendBytes} limits how much of the body is written.
     */
    public Response send(String method, String target, Map<String, String> headers, byte[] body, int sendBytes) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return exchange(method, target, headers, body, sendBytes);
            } catch (IOException e) {
                closeQuietly();
                if (attempt >= 1) throw new IOException(method + " " + abbreviate(target) + ": " + e.getMessage(), e);
            }
        }
    }

    public Response send(String method, String target, String contentType, String body) throws IOException {
        var headers = new LinkedHashMap<String, String>();
        if (contentType != null) headers.put("Content-Type", contentType);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return send(method, target, headers, bytes, bytes.length);
    }

    /** Sends the whole body with no extra headers: for request targets no other client would send as given. */
    public Response send(String method, String target, byte[] body) throws IOException {
        return send(method, target, Map.of(), body, body.length);
    }

    private Response exchange(String method, String target, Map<String, String> headers, byte[] body, int sendBytes)
            throws IOException {
        if (socket == null) {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
        }
        var head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        boolean hasLength = false;
        boolean chunked = false;
        for (var header : headers.entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            hasLength |= header.getKey().equalsIgnoreCase("Content-Length");
            chunked |= header.getKey().equalsIgnoreCase("Transfer-Encoding");
        }
        if (!hasLength && !chunked && (body.length > 0 || !method.equals("GET") && !method.equals("HEAD"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        boolean truncated = sendBytes < body.length;
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, Math.min(sendBytes, body.length));
            out.flush();
        } catch (IOException e) {
            // The server may answer (413) and close before the body is sent: read what it said.
        }
        if (truncated) socket.shutdownOutput();
        var response = readResponse(method.equals("HEAD"));
        // One connection per request: a hostile request (a lying Content-Length, say) leaves the stream in a
        // state where the next request would be read as part of it; that would test the client, not the server.
        closeQuietly();
        return response;
    }

    private Response readResponse(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("connection closed before a response");
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not a status line: " + statusLine);
        int status = Integer.parseInt(parts[1]);
        var headers = new LinkedHashMap<String, String>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        if (status == 100) return readResponse(head);
        var body = new ByteArrayOutputStream();
        if (head || status == 204 || status == 304) return new Response(status, headers, new byte[0]);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line();
                if (size == null) throw new IOException("truncated chunked response");
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    while (true) {
                        String trailer = line();
                        if (trailer == null || trailer.isEmpty()) break;
                    }
                    break;
                }
                body.write(in.readNBytes(length));
                line();
            }
        } else if (headers.containsKey("content-length")) {
            long length = Long.parseLong(headers.get("content-length"));
            body.write(in.readNBytes((int) length));
        } else {
            in.transferTo(body);
            headers.put("connection", "close");
        }
        return new Response(status, headers, body.toByteArray());
    }

    private String line() throws IOException {
        var line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') line.setLength(length - 1);
                return line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}

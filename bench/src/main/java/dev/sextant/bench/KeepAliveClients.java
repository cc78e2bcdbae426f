package dev.sextant.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Many clients, each with its own keep-alive HTTP/1.1 connection and one request in flight: it sends, waits for the
 * answer, sends the next — as many training jobs each calling {@code mlflow.log_metric()} in a loop do. All of them
 * are driven by one thread over one selector, because the server under test shares the machine's two cores with
 * the load generator: a thread a client (64 threads parked in {@code read}, one woken an answer) cost ~65 µs of CPU
 * a request, most of it switching threads, which the server's throughput then paid for.
 * <p>
 * Answers must carry a Content-Length (the server's JSON answers do); anything else, or a closed connection, fails
 * the run: a benchmark that quietly reconnected would count work the server never acknowledged.
 */
final class KeepAliveClients {
    /** One request: the path and its JSON body (POST). */
    record Request(String path, byte[] body) {}

    /** What client {@code client} sends as its {@code sequence}-th request (0, 1, 2, …). */
    interface Workload {
        Request next(int client, long sequence);
    }

    /** Hears of every answer, on the loop thread; a non-2xx status fails the run after this returns. */
    interface Answers {
        void answered(int client, int status, long latencyNanos);
    }

    private final String host;
    private final int port;
    private final byte[] head;

    KeepAliveClients(String baseUrl) {
        var uri = URI.create(baseUrl);
        host = uri.getHost();
        port = uri.getPort();
        head = ("Host: " + host + ":" + port + "\r\nContent-Type: application/json\r\nContent-Length: ")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Runs {@code clients} clients until {@code stop} says so; then sends nothing more and returns once every request
     * in flight has its answer, so that what the caller counted as answered is all the server was asked.
     */
    void drive(int clients, Workload workload, Answers answers, BooleanSupplier stop) throws IOException {
        try (var selector = Selector.open()) {
            var connections = new ArrayList<Connection>(clients);
            try {
                for (int c = 0; c < clients; c++) {
                    var channel = SocketChannel.open();
                    connections.add(new Connection(c, channel));
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.connect(new InetSocketAddress(host, port));
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, connections.get(c));
                }
                int inFlight = 0;
                for (var connection : connections) {
                    connection.send(workload.next(connection.client, connection.sequence++));
                    inFlight++;
                }
                while (inFlight > 0) {
                    if (selector.select(120_000) == 0) throw new IOException("no answer in 120 s");
                    var ready = selector.selectedKeys().iterator();
                    while (ready.hasNext()) {
                        var connection = (Connection) ready.next().attachment();
                        ready.remove();
                        int status;
                        while ((status = connection.readAnswer()) != 0) {
                            answers.answered(connection.client, status, System.nanoTime() - connection.sentAt);
                            if (status / 100 != 2) throw new IOException("answered " + status + ": " + connection.lastBody);
                            if (stop.getAsBoolean()) {
                                inFlight--;
                                break;
                            }
                            connection.send(workload.next(connection.client, connection.sequence++));
                        }
                    }
                }
            } finally {
                for (var connection : connections) connection.channel.close();
            }
        }
    }

    /** One client's connection: what it sent last, and the bytes of the answer read so far. */
    private final class Connection {
        final int client;
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        long sequence;
        long sentAt;
        String lastBody = "";

        Connection(int client, SocketChannel channel) {
            this.client = client;
            this.channel = channel;
        }

        void send(Request request) throws IOException {
            var line = ("POST " + request.path() + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);
            var length = (request.body().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            var out = ByteBuffer.allocate(line.length + head.length + length.length + request.body().length);
            out.put(line).put(head).put(length).put(request.body()).flip();
            sentAt = System.nanoTime();
            // A request of a few hundred bytes fits any socket buffer; a full one means the server stopped reading.
            for (int spins = 0; out.hasRemaining(); spins++) {
                if (channel.write(out) == 0 && spins > 1_000_000) throw new IOException("the server does not read");
            }
        }

        /** Reads what is there; the status of a complete answer (consumed from the buffer), or 0 when none is yet. */
        int readAnswer() throws IOException {
            if (channel.read(in) < 0) throw new IOException("the server closed client " + client + "'s connection");
            int end = headEnd();
            if (end < 0) {
                if (!in.hasRemaining()) throw new IOException("an answer's head is over " + in.capacity() + " bytes");
                return 0;
            }
            var headText = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headText.substring(9, 12));
            int bodyLength = contentLength(headText);
            if (in.position() < end + 4 + bodyLength) return 0;
            lastBody = new String(in.array(), end + 4, bodyLength, StandardCharsets.UTF_8);
            in.limit(in.position()).position(end + 4 + bodyLength);
            in.compact();
            return status;
        }

        private int headEnd() {
            var bytes = in.array();
            for (int i = 3; i < in.position(); i++) {
                if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') return i - 3;
            }
            return -1;
        }

        private int contentLength(String headText) throws IOException {
            for (var header : headText.split("\r\n")) {
                var lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) return Integer.parseInt(header.substring(15).trim());
                if (lower.startsWith("transfer-encoding:") || lower.startsWith("connection: close")) {
                    throw new IOException("unexpected answer header '" + header + "'");
                }
            }
            throw new IOException("an answer without Content-Length: " + headText);
        }
    }
}

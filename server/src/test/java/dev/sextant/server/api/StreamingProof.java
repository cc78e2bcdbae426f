package dev.sextant.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.support.S3ProxyProcess;
import dev.sextant.server.support.ServerProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Uploads and downloads one big generated file through the HTTP API of a server JVM capped at 256 MB heap,
 * with artifacts in S3 (S3Proxy), and compares SHA-256 on both ends; then resumes a download with Range.
 * Neither side ever holds the file: the client generates and hashes it on the fly.
 */
final class StreamingProof {
    private StreamingProof() {}

    static void run(Path work, long sizeBytes) throws Exception {
        var s3 = S3ProxyProcess.shared();
        var env = Map.of("AWS_ACCESS_KEY_ID", S3ProxyProcess.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_KEY);
        try (var server = ServerProcess.start(work, "256m", env, "--artifacts", "s3://streaming-proof/artifacts",
                "--s3-endpoint", s3.endpoint(), "--s3-path-style")) {
            var http = HttpClient.newHttpClient();
            var json = new ObjectMapper();
            var run = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/runs"))
                    .POST(BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString());
            String runId = json.readTree(run.body()).get("run_id").asText();
            String url = server.baseUrl() + "/api/v1/runs/" + runId + "/artifacts/checkpoints/model.bin";

            var source = new GeneratedStream(sizeBytes, 42);
            long started = System.nanoTime();
            var upload = http.send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> source), sizeBytes)).build(),
                    BodyHandlers.ofString());
            long uploadMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(upload.statusCode()).as(upload.body() + "\n" + server.log()).isEqualTo(201);
            String sentSha = source.sha256();
            assertThat(json.readTree(upload.body()).get("sha256").asText()).isEqualTo(sentSha);

            started = System.nanoTime();
            var download = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(sizeBytes);
            var digest = MessageDigest.getInstance("SHA-256");
            long received;
            try (InputStream in = download.body()) {
                received = digestAll(in, digest, Long.MAX_VALUE);
            }
            long downloadMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(received).isEqualTo(sizeBytes);
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sentSha);

            // An interrupted download: read a third, drop the connection, resume from there with Range.
            long cut = sizeBytes / 3;
            var resumed = MessageDigest.getInstance("SHA-256");
            var partial = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofInputStream());
            try (InputStream in = partial.body()) {
                assertThat(digestAll(in, resumed, cut)).isEqualTo(cut);
            }
            var rest = http.send(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=" + cut + "-").GET().build(),
                    BodyHandlers.ofInputStream());
            assertThat(rest.statusCode()).isEqualTo(206);
            try (InputStream in = rest.body()) {
                assertThat(digestAll(in, resumed, Long.MAX_VALUE)).isEqualTo(sizeBytes - cut);
            }
            assertThat(HexFormat.of().formatHex(resumed.digest())).isEqualTo(sentSha);
            assertThat(server.isAlive()).as("server survived with a 256 MB heap").isTrue();
            System.out.printf("streaming proof: %d MiB, upload %d ms, download %d ms%n", sizeBytes >> 20, uploadMs, downloadMs);
        }
    }

    private static long digestAll(InputStream in, MessageDigest digest, long limit) throws java.io.IOException {
        var buffer = new byte[1 << 16];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) break;
            digest.update(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** Pseudo-random bytes made on demand and hashed as they are read. */
    static final class GeneratedStream extends InputStream {
        private final SplittableRandom random;
        private final MessageDigest digest;
        private long remaining;

        GeneratedStream(long size, long seed) throws Exception {
            this.random = new SplittableRandom(seed);
            this.digest = MessageDigest.getInstance("SHA-256");
            this.remaining = size;
        }

        @Override
        public int read() {
            var one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) return -1;
            int n = (int) Math.min(length, remaining);
            for (int i = 0; i < n; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8 && i + j < n; j++) buffer[offset + i + j] = (byte) (value >>> (8 * j));
            }
            digest.update(buffer, offset, n);
            remaining -= n;
            return n;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}

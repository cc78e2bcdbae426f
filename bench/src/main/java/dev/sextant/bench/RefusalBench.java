package dev.sextant.bench;

import dev.sextant.server.support.RawClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/**
 * How soon the server refuses a JSON body whose Content-Length is over max-json-body (413), while the body is
 * never sent: LimitsTest checks that it is refused without being read; this measures how fast, which that test
 * used to assert (under 5 s). Each request on its own connection. Args: {@code [trials=200]}.
 */
public final class RefusalBench {
    private static final int WARM_UP = 50;

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.println("before: " + Conditions.now());
        try (var server = SextantProcess.start(Files.createTempDirectory("sextant-refusal"), null)) {
            var headers = Map.of("Content-Type", "application/json", "Content-Length", Long.toString(1L << 40));
            byte[] start = "{\"name\":\"x\", \"pad\":\"".getBytes(StandardCharsets.UTF_8);
            var millis = new ArrayList<Double>();
            try (var client = new RawClient(URI.create(server.url()).getPort())) {
                for (int i = 0; i < WARM_UP + trials; i++) {
                    long sent = System.nanoTime();
                    var response = client.send("POST", "/api/v1/experiments", headers, start, start.length);
                    double ms = (System.nanoTime() - sent) / 1e6;
                    if (response.status() != 413) throw new IllegalStateException("expected 413, got " + response.status() + ": " + response.text());
                    if (i >= WARM_UP) millis.add(ms);
                }
            }
            var sorted = millis.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "413 for a 1 TiB Content-Length (%d bytes sent), %d trials: p50 %.2f ms, p95 %.2f ms, max %.2f ms%n",
                    start.length, trials, sorted.get(trials / 2), sorted.get(trials * 95 / 100), sorted.get(trials - 1));
        }
        System.out.println("after: " + Conditions.now());
    }
}

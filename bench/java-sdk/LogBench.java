import dev.sextant.client.Run;
import dev.sextant.client.Sextant;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Java SDK benchmark: the cost of one Run.log() call (p50/p99/p99.9) and sustained points/s from one
 * loop into a real server. Starts the server from the same jar as a separate process unless --url is given.
 * Run from the repository root: java -cp server/target/sextant.jar bench/java-sdk/LogBench.java
 */
public class LogBench {
    public static void main(String[] args) throws Exception {
        String url = null;
        int latencyCalls = 2_000_000;
        int sustainedPoints = 2_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--calls" -> latencyCalls = Integer.parseInt(args[++i]);
                case "--points" -> sustainedPoints = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Process server = null;
        Path data = Files.createTempDirectory("sextant-bench");
        if (url == null) {
            int port = freePort();
            server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), "dev.sextant.server.Main", "--port", "" + port,
                    "--data-dir", data.toString()).redirectErrorStream(true)
                    .redirectOutput(data.resolve("server.log").toFile()).start();
            url = "http://127.0.0.1:" + port;
            awaitHealthy(url);
        }
        try {
            System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", server: " + url);
            logCost(url, data, latencyCalls);
            sustained(url, data, sustainedPoints);
        } finally {
            if (server != null) server.destroy();
        }
    }

    /** Per-call cost with a buffer big enough that back-pressure never kicks in: what the training loop pays. */
    private static void logCost(String url, Path data, int calls) {
        try (Sextant sextant = Sextant.builder().url(url).spoolDir(data.resolve("spool")).bufferCapacity(calls)
                .batchSize(10_000).systemMetricsInterval(Duration.ZERO).closeTimeout(Duration.ofMinutes(5)).build();
             Run run = sextant.startRun("bench-log-cost", Map.of("calls", calls))) {
            for (int i = 0; i < 200_000; i++) run.log("warmup", i, i);
            run.flush();
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                run.log("train/loss", 1.0 / (i + 1), i);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            long clock = clockOverhead();
            System.out.printf("log() cost over %,d calls (ns, including ~%d ns of System.nanoTime): p50 %d  p99 %d  p99.9 %d  max %d%n",
                    calls, clock, nanos[calls / 2], nanos[(int) (calls * 0.99)], nanos[(int) (calls * 0.999)], nanos[calls - 1]);
        }
    }

    /** One loop logging as fast as it can into the server with the default buffer: points/s until all are stored. */
    private static void sustained(String url, Path data, int points) {
        long start = System.nanoTime();
        long loopEnd;
        try (Sextant sextant = Sextant.builder().url(url).spoolDir(data.resolve("spool")).systemMetricsInterval(Duration.ZERO)
                .closeTimeout(Duration.ofMinutes(5)).build();
             Run run = sextant.startRun("bench-sustained", Map.of("points", points))) {
            for (int i = 0; i < points; i++) run.log("train/loss", Math.sin(i), i);
            loopEnd = System.nanoTime();
        }
        long end = System.nanoTime();
        System.out.printf("sustained: %,d points, loop %.2f s, all stored after %.2f s: %,.0f points/s%n", points,
                (loopEnd - start) / 1e9, (end - start) / 1e9, points / ((end - start) / 1e9));
    }

    private static long clockOverhead() {
        long[] samples = new long[100_000];
        for (int i = 0; i < samples.length; i++) {
            long start = System.nanoTime();
            samples[i] = System.nanoTime() - start;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitHealthy(String url) throws Exception {
        var client = HttpClient.newHttpClient();
        for (int i = 0; i < 1200; i++) {
            try {
                var response = client.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("server did not start");
    }
}

package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import dev.sextant.server.http.Route;
import dev.sextant.server.support.RawClient;
import dev.sextant.server.support.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's fuzz suite: at least 20,000 seeded requests over every route of both APIs (the route lists come from
 * ApiRoutes and MlflowRoutes, so a new route is fuzzed without anyone adding it here), sent by three clients at once
 * to the server as its own process under {@code -Xmx256m} (exiting on OutOfMemoryError): the hostile shapes of
 * {@link HostileRequests}, the fuzz shapes of {@link FuzzShapes}, the issue's reported shapes, and races between
 * uploads, deletes, purges and restores. No answer may be a 5xx, every request must get an answer, and the process
 * must be alive, healthy and free of OutOfMemoryError at the end. Request i is generated from {@code new
 * Random(SEED + i)}, so one failure reproduces alone; set -Dsextant.fuzz.seed to try another seed.
 */
class FuzzTest {
    private static final long SEED = Long.getLong("sextant.fuzz.seed", 20_261_202L);
    private static final int REQUESTS = Integer.getInteger("sextant.fuzz.requests", 21_000);
    private static final int CLIENTS = 3;
    private static final int RACE_ROUNDS = 15;

    @TempDir
    Path root;

    @Test
    @Timeout(600)
    void twenty_thousand_generated_requests_over_every_route_get_no_5xx_and_the_small_heap_server_survives() throws Exception {
        var routes = routeLists();
        try (var server = ServerProcess.start(root, "256m", Map.of())) {
            int port = URI.create(server.baseUrl()).getPort();
            HostileRequests ids;
            try (var client = new RawClient(port)) {
                ids = HostileRequests.seed(client);
                seedExtremeSeries(client, ids);
            }
            var shapes = new FuzzShapes(ids);
            var heap = new HeapSampler(port);
            var tried = new AtomicInteger();
            var fiveHundreds = new AtomicInteger();
            var unanswered = new AtomicInteger();
            var failures = Collections.synchronizedList(new ArrayList<String>());
            var perRoute = new ConcurrentHashMap<String, Integer>();
            var statuses = new ConcurrentHashMap<Integer, Integer>();
            long started = System.nanoTime();
            System.out.printf("fuzz: seed %d, %d generated requests over %d routes, %d clients, server -Xmx256m%n",
                    SEED, REQUESTS, routes.size(), CLIENTS);

            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 2);
            try {
                heap.start(pool);
                var workers = new ArrayList<Future<?>>();
                for (int worker = 0; worker < CLIENTS; worker++) {
                    int first = worker;
                    workers.add(pool.submit(() -> {
                        try (var client = new RawClient(port)) {
                            for (int i = first; i < REQUESTS; i += CLIENTS) {
                                var route = routes.get(i % routes.size());
                                var random = new Random(SEED + i);
                                var request = random.nextInt(5) < 3 ? ids.generate(route, random) : shapes.generate(route, random);
                                perRoute.merge(route.method() + " " + route.path(), 1, Integer::sum);
                                send(client, "#" + i, request, tried, fiveHundreds, unanswered, statuses, failures);
                            }
                        }
                        return null;
                    }));
                }
                for (var worker : workers) worker.get(500, TimeUnit.SECONDS);
                try (var client = new RawClient(port)) {
                    var fixed = new ArrayList<>(shapes.reported());
                    fixed.addAll(ids.specials());
                    for (int i = 0; i < fixed.size(); i++) {
                        send(client, "fixed #" + i, fixed.get(i), tried, fiveHundreds, unanswered, statuses, failures);
                    }
                }
                races(port, ids, pool, tried, fiveHundreds, unanswered, statuses, failures);
            } finally {
                heap.stop();
                pool.shutdownNow();
            }

            boolean alive = server.isAlive();
            int health = alive ? health(port) : -1;
            String log = server.log();
            boolean outOfMemory = log.contains("OutOfMemoryError");
            int deaths = alive ? 0 : 1;
            System.out.printf("fuzz: seed %d: %d requests tried over %d routes in %.1f s; %d answered 5xx, %d unanswered, "
                            + "%d process deaths, OutOfMemoryError in the log: %s, /health %d; peak heap used %.1f MiB of 256 MiB"
                            + " (sampled /metrics every 100 ms), peak live data after GC %.1f MiB; statuses %s%n",
                    SEED, tried.get(), routes.size(), (System.nanoTime() - started) / 1e9, fiveHundreds.get(), unanswered.get(),
                    deaths, outOfMemory ? "yes" : "no", health, heap.peakUsed() / 1048576.0, heap.peakLive() / 1048576.0,
                    new TreeMap<>(statuses));
            failures.stream().limit(25).forEach(System.out::println);
            assertThat(failures).as("problems (first 25 printed)").isEmpty();
            assertThat(fiveHundreds.get()).isZero();
            assertThat(unanswered.get()).isZero();
            assertThat(alive).as("server alive; its log:\n%s", log).isTrue();
            assertThat(outOfMemory).as("OutOfMemoryError in the server log").isFalse();
            assertThat(health).isEqualTo(200);
            assertThat(tried.get()).isGreaterThanOrEqualTo(20_000);
            assertThat(perRoute).hasSize(routes.size());
        }
    }

    /** Every route of both APIs, read from a server built in this JVM the way Main builds it. */
    private List<Route> routeLists() {
        try (var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, root.resolve("routes")))) {
            return server.allRoutes();
        }
    }

    /** A series spanning both extreme steps, for the envelope and bulk-interval shapes. */
    private static void seedExtremeSeries(RawClient client, HostileRequests ids) throws IOException {
        var response = client.send("POST", "/api/2.0/mlflow/runs/log-batch", "application/json", "{\"run_id\":\"" + ids.mlflowRunId
                + "\",\"metrics\":[{\"key\":\"extreme\",\"value\":1,\"timestamp\":1,\"step\":-9223372036854775808},"
                + "{\"key\":\"extreme\",\"value\":3,\"timestamp\":1,\"step\":0},"
                + "{\"key\":\"extreme\",\"value\":2,\"timestamp\":1,\"step\":9223372036854775807}]}");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    private static void send(RawClient client, String name, HostileRequests.Request request, AtomicInteger tried,
                             AtomicInteger fiveHundreds, AtomicInteger unanswered, Map<Integer, Integer> statuses, List<String> failures) {
        tried.incrementAndGet();
        RawClient.Response response;
        try {
            response = client.send(request.method(), request.target(), request.headers(), request.body(), request.sendBytes());
        } catch (IOException e) {
            unanswered.incrementAndGet();
            if (failures.size() < 200) failures.add(name + " no answer (" + e.getMessage() + ") for " + request.describe());
            return;
        }
        statuses.merge(response.status(), 1, Integer::sum);
        if (response.status() >= 500) {
            fiveHundreds.incrementAndGet();
            String text = response.text();
            if (failures.size() < 200) {
                failures.add(name + " 5xx " + response.status() + " for " + request.describe() + "\n  -> "
                        + (text.length() > 400 ? text.substring(0, 400) : text));
            }
        }
    }

    /**
     * Races on one run's files, with barriers so both sides start together: an upload of x against one of x/inner,
     * and a purge against a restore followed by an upload. Each side must get an answer below 500.
     */
    private static void races(int port, HostileRequests ids, ExecutorService pool, AtomicInteger tried, AtomicInteger fiveHundreds,
                              AtomicInteger unanswered, Map<Integer, Integer> statuses, List<String> failures) throws Exception {
        var json = Map.of("Content-Type", "application/json");
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String runId;
            try (var client = new RawClient(port)) {
                var created = client.send("POST", "/api/v1/runs", "application/json", "{\"experiment_id\":\"" + ids.experimentId + "\"}");
                runId = HostileRequests.MAPPER.readTree(created.body()).path("run_id").asText();
                client.send("PUT", "/api/v1/runs/" + runId + "/artifacts/old/a.txt", "text/plain", "old");
                if (round % 2 == 1) client.send("DELETE", "/api/v1/runs/" + runId, null, null);
            }
            List<HostileRequests.Request> sides = round % 2 == 0
                    ? List.of(put(runId, "x", "file"), put(runId, "x/inner", "inner"))
                    : List.of(new HostileRequests.Request("POST", "/api/v1/runs/" + runId + "/purge", json, new byte[0], 0),
                            new HostileRequests.Request("POST", "/api/v1/runs/" + runId + "/restore", json, new byte[0], 0),
                            put(runId, "old/b.txt", "new"));
            var barrier = new CyclicBarrier(2);
            String name = "race " + round;
            var first = pool.submit(() -> side(port, barrier, name + "a", sides.subList(0, 1), tried, fiveHundreds,
                    unanswered, statuses, failures));
            var second = pool.submit(() -> side(port, barrier, name + "b", sides.subList(1, sides.size()), tried,
                    fiveHundreds, unanswered, statuses, failures));
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        }
    }

    private static Void side(int port, CyclicBarrier barrier, String name, List<HostileRequests.Request> requests, AtomicInteger tried,
                             AtomicInteger fiveHundreds, AtomicInteger unanswered, Map<Integer, Integer> statuses, List<String> failures)
            throws Exception {
        try (var client = new RawClient(port)) {
            barrier.await(30, TimeUnit.SECONDS);
            for (var request : requests) send(client, name, request, tried, fiveHundreds, unanswered, statuses, failures);
        }
        return null;
    }

    private static HostileRequests.Request put(String runId, String path, String content) {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        return new HostileRequests.Request("PUT", "/api/v1/runs/" + runId + "/artifacts/" + path, Map.of("Content-Type", "text/plain"),
                body, body.length);
    }

    private static int health(int port) {
        try (var client = new RawClient(port)) {
            return client.send("GET", "/health", null, null).status();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Peak heap as the server's /metrics reports it: used (all G1 pools, garbage included) and live data after GC. */
    private static final class HeapSampler {
        private final int port;
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong peakLive = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Future<?> task;

        HeapSampler(int port) {
            this.port = port;
        }

        void start(ExecutorService pool) {
            task = pool.submit(() -> {
                try (var client = new RawClient(port)) {
                    while (running.get()) {
                        sample(client);
                        Thread.sleep(100);
                    }
                    sample(client);
                }
                return null;
            });
        }

        private void sample(RawClient client) {
            try {
                var text = client.send("GET", "/metrics", null, null).text();
                long used = 0;
                for (var line : text.split("\n")) {
                    if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.startsWith("jvm_gc_live_data_size_bytes ")) {
                        peakLive.accumulateAndGet((long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Math::max);
                    }
                }
                peakUsed.accumulateAndGet(used, Math::max);
            } catch (IOException | RuntimeException e) {
                // A sample missed under load says nothing; deaths are checked separately.
            }
        }

        void stop() throws Exception {
            running.set(false);
            if (task != null) task.get(30, TimeUnit.SECONDS);
        }

        long peakUsed() {
            return peakUsed.get();
        }

        long peakLive() {
            return peakLive.get();
        }
    }
}

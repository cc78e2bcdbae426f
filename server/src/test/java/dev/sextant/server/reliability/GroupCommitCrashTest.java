package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.support.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit under a crash: 64 writers each send one MLflow {@code log-metric} request per point, so the single
 * writer commits many of them together, while the server (a separate JVM) is SIGKILLed mid-stream and started
 * again. Every point that was acknowledged must be stored, exactly once. Three crashes on one database.
 */
class GroupCommitCrashTest {
    private static final int WRITERS = 64;
    private static final int CRASHES = 3;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    @Timeout(240)
    void every_point_acknowledged_to_64_single_point_writers_survives_sigkill(@TempDir Path data) throws Exception {
        long acknowledged = 0;
        long lost = 0;
        long duplicated = 0;
        try (var server = ServerProcess.start(data)) {
            for (int crash = 1; crash <= CRASHES; crash++) {
                var runs = new ArrayList<String>();
                for (int w = 0; w < WRITERS; w++) runs.add(createRun(server.baseUrl(), "crash-" + crash + "-" + w));
                var acked = new ConcurrentHashMap<String, Set<Long>>();
                var stop = new AtomicBoolean();
                var ackedBeforeKill = new AtomicLong();
                var threads = new ArrayList<Thread>();
                for (var runId : runs) {
                    acked.put(runId, ConcurrentHashMap.newKeySet());
                    var thread = new Thread(() -> write(server.baseUrl(), runId, acked.get(runId), stop, ackedBeforeKill));
                    thread.start();
                    threads.add(thread);
                }
                // Kill once the writers are in full flow, at a moment that differs between crashes.
                long target = 300L * crash;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (ackedBeforeKill.get() < target && System.nanoTime() < deadline) Thread.sleep(5);
                Thread.sleep(50L * crash);
                server.kill();
                long atKill = ackedBeforeKill.get();
                server.startAgain();
                stop.set(true);
                for (var thread : threads) thread.join(60_000);

                long crashAcked = 0;
                long crashLost = 0;
                long crashDuplicated = 0;
                for (var runId : runs) {
                    var steps = storedSteps(server.baseUrl(), runId);
                    var distinct = new HashSet<>(steps);
                    crashDuplicated += steps.size() - distinct.size();
                    for (long step : acked.get(runId)) {
                        crashAcked++;
                        if (!distinct.contains(step)) crashLost++;
                    }
                }
                System.out.printf("crash %d: %d points acknowledged before the SIGKILL, %d in all, %d lost, %d duplicated%n",
                        crash, atKill, crashAcked, crashLost, crashDuplicated);
                assertThat(atKill).as("points acknowledged before the kill").isPositive();
                acknowledged += crashAcked;
                lost += crashLost;
                duplicated += crashDuplicated;
            }
        }
        assertThat(acknowledged).isPositive();
        assertThat(lost).as("acknowledged points lost").isZero();
        assertThat(duplicated).as("points stored twice").isZero();
    }

    /** One point per request, each retried with the same bytes until acknowledged; stops once asked to. */
    private void write(String url, String runId, Set<Long> acked, AtomicBoolean stop, AtomicLong ackedCount) {
        for (long step = 0; !stop.get(); step++) {
            var body = "{\"run_id\":\"" + runId + "\",\"key\":\"loss\",\"value\":" + Math.sin(step) + ",\"timestamp\":"
                    + (1_700_000_000_000L + step) + ",\"step\":" + step + "}";
            while (!stop.get()) {
                try {
                    var response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow/runs/log-metric"))
                            .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        acked.add(step);
                        ackedCount.incrementAndGet();
                        break;
                    }
                } catch (IOException e) {
                    // the server is down: try again shortly
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private String createRun(String url, String name) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow/runs/create"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"experiment_id\":\"0\",\"run_name\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body()).path("run").path("info").path("run_id").asText();
    }

    /** Every stored point's step, page by page, from the native raw-points read. */
    private List<Long> storedSteps(String url, String runId) throws Exception {
        var steps = new ArrayList<Long>();
        String token = null;
        do {
            String path = "/api/v1/runs/" + runId + "/metrics/loss?raw=true&max_results=5000"
                    + (token == null ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            var response = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404 && token == null) return steps; // nothing was ever stored
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var page = MAPPER.readTree(response.body());
            for (var point : page.get("points")) steps.add(point.get("step").asLong());
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        } while (token != null);
        return steps;
    }
}

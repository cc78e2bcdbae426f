package dev.sextant.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.client.Backoff;
import dev.sextant.client.Run;
import dev.sextant.client.Sextant;
import dev.sextant.server.support.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server is SIGKILLed in the middle of a run and started again: nothing is lost, nothing doubled. */
class ServerCrashTest {
    private static final int POINTS = 100_000;

    @Test
    void killing_the_server_mid_run_loses_no_point_and_duplicates_none(@TempDir Path data, @TempDir Path spool)
            throws Exception {
        try (ServerProcess server = ServerProcess.start(data)) {
            var api = new ServerApi(server.baseUrl());
            var crash = new AtomicReference<Exception>();
            String runId;
            try (Sextant sextant = Sextant.builder().url(server.baseUrl()).spoolDir(spool).batchSize(2_000)
                    .flushInterval(Duration.ofMillis(100)).backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
                    .systemMetricsInterval(Duration.ZERO).closeTimeout(Duration.ofSeconds(60)).build();
                 Run run = sextant.startRun("sdk-crash", Map.of("points", POINTS))) {
                runId = run.id();
                var killer = new Thread(() -> {
                    try {
                        Thread.sleep(1_000);
                        server.kill();
                        System.err.println("server killed at " + java.time.Instant.now());
                        Thread.sleep(500);
                        server.startAgain();
                        System.err.println("server healthy again at " + java.time.Instant.now());
                    } catch (Exception e) {
                        crash.set(e);
                    }
                });
                killer.start();
                for (int step = 0; step < POINTS; step++) {
                    run.log("loss", Math.sin(step), step);
                    if (step % 500 == 499) Thread.sleep(10);
                }
                killer.join();
                System.err.println("loop done at " + java.time.Instant.now());
            }
            System.err.println("run closed at " + java.time.Instant.now());
            assertThat(crash.get()).isNull();
            var points = api.points(runId, "loss");
            var steps = new HashSet<Long>();
            for (var point : points) steps.add(point.step());
            assertThat(points).as("points stored").hasSize(POINTS);
            assertThat(steps).as("distinct steps").hasSize(POINTS);
            assertThat(steps).contains(0L, (long) POINTS - 1);
            assertThat(api.run(runId).get("status").asText()).isEqualTo("FINISHED");
            assertThat(api.run(runId).at("/metrics/loss/count").asLong()).isEqualTo(POINTS);
        }
    }
}

package dev.sextant.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReadinessTest {

    @Test
    void ready_when_every_check_passes_and_not_ready_naming_the_one_that_failed() {
        Map<String, Readiness.Check> checks = new LinkedHashMap<>();
        checks.put("database", () -> { });
        checks.put("artifacts", () -> {
            throw new IOException("the S3 bucket 'b' does not answer");
        });
        try (var readiness = new Readiness(checks, Duration.ofSeconds(5))) {
            var report = readiness.check();
            assertThat(report.ready()).isFalse();
            assertThat(report.checks()).containsExactly(new Readiness.Outcome("database", true, null),
                    new Readiness.Outcome("artifacts", false, "the S3 bucket 'b' does not answer"));
        }
    }

    @Test
    void a_check_that_hangs_fails_at_the_timeout_and_later_probes_wait_on_the_same_run() throws Exception {
        var release = new CountDownLatch(1);
        var runs = new AtomicInteger();
        Map<String, Readiness.Check> checks = Map.of("database", () -> {
            runs.incrementAndGet();
            release.await();
        });
        try (var readiness = new Readiness(checks, Duration.ofMillis(100))) {
            assertThat(readiness.check().checks()).containsExactly(new Readiness.Outcome("database", false, "no answer within 100 ms"));
            assertThat(readiness.check().ready()).isFalse();
            assertThat(runs).hasValue(1);

            release.countDown();
            var recovered = readiness.check();
            while (!recovered.ready()) recovered = readiness.check(); // the hung run ends, then a fresh one passes
            assertThat(recovered.checks()).containsExactly(new Readiness.Outcome("database", true, null));
        }
    }
}

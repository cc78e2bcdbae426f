package dev.sextant.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void the_ceiling_doubles_with_each_attempt_until_the_maximum() {
        assertThat(backoff.ceilingMs(0)).isEqualTo(100);
        assertThat(backoff.ceilingMs(1)).isEqualTo(200);
        assertThat(backoff.ceilingMs(4)).isEqualTo(1600);
        assertThat(backoff.ceilingMs(5)).isEqualTo(2000);
        assertThat(backoff.ceilingMs(1000)).isEqualTo(2000);
    }

    @Test
    void every_delay_lies_between_half_and_all_of_the_ceiling() {
        var random = new SplittableRandom(7);
        for (int attempt = 0; attempt < 12; attempt++) {
            long ceiling = backoff.ceilingMs(attempt);
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delayMs(attempt, random)).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void delays_are_jittered_so_clients_do_not_retry_in_lockstep() {
        var random = new SplittableRandom(11);
        var delays = new java.util.HashSet<Long>();
        for (int i = 0; i < 50; i++) delays.add(backoff.delayMs(3, random));
        assertThat(delays).hasSizeGreaterThan(10);
    }
}

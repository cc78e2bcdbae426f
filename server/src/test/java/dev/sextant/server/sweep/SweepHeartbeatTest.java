package dev.sextant.server.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.domain.TrialState;
import dev.sextant.server.store.StoreFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real service on a real SQLite store, with a clock the test moves: trials whose agent went silent. */
class SweepHeartbeatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private StoreFactory.Stores stores;
    private SweepService sweeps;
    private long nowMs = 1_000_000;

    @BeforeEach
    void open() {
        stores = StoreFactory.openStores(folder.resolve("sextant.db").toString());
        var clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return Instant.ofEpochMilli(nowMs);
            }
        };
        sweeps = new SweepService(stores.sweeps(), JSON, clock, runId -> "");
    }

    @AfterEach
    void close() {
        stores.tracking().close();
    }

    private String gridSweep() throws Exception {
        return sweeps.create(new CreateSweepCommand("0", "g", JSON.readTree("""
                {"method":"grid","heartbeat_timeout_seconds":60,"parameters":{"a":{"values":[1,2,3]}}}"""))).sweepId();
    }

    @Test
    void a_trial_silent_past_the_timeout_is_lost_and_its_grid_point_handed_out_again() throws Exception {
        var sweepId = gridSweep();
        var first = sweeps.next(sweepId).orElseThrow();
        var second = sweeps.next(sweepId).orElseThrow();
        nowMs += 30_000;
        sweeps.heartbeat(sweepId, second.runId());
        nowMs += 45_000; // first: 75 s silent, second: 45 s
        var third = sweeps.next(sweepId).orElseThrow();
        assertThat(third.gridIndex()).isEqualTo(first.gridIndex());
        assertThat(third.config()).isEqualTo(first.config());
        var trials = sweeps.trials(sweepId);
        assertThat(trials.get(0).state()).isEqualTo(TrialState.LOST);
        assertThat(trials.get(0).runStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(trials.get(1).state()).isEqualTo(TrialState.ACTIVE);
        assertThat(sweeps.get(sweepId).counts()).containsEntry("LOST", 1L).containsEntry("RUNNING", 2L);
    }

    @Test
    void a_lost_trial_that_comes_back_is_told_to_stop() throws Exception {
        var sweepId = gridSweep();
        var first = sweeps.next(sweepId).orElseThrow();
        nowMs += 61_000;
        sweeps.next(sweepId);
        var decision = sweeps.heartbeat(sweepId, first.runId());
        assertThat(decision.shouldStop()).isTrue();
        assertThat(decision.reason()).contains("missed its heartbeats");
    }

    @Test
    void heartbeats_keep_a_trial_alive_beyond_the_timeout() throws Exception {
        var sweepId = gridSweep();
        var first = sweeps.next(sweepId).orElseThrow();
        for (int i = 0; i < 5; i++) {
            nowMs += 50_000;
            assertThat(sweeps.heartbeat(sweepId, first.runId()).shouldStop()).isFalse();
        }
        var second = sweeps.next(sweepId).orElseThrow();
        assertThat(second.gridIndex()).isEqualTo(1);
        assertThat(sweeps.trials(sweepId).get(0).state()).isEqualTo(TrialState.ACTIVE);
    }

    @Test
    void a_grid_sweep_finishes_only_when_its_last_trial_has_ended() throws Exception {
        var sweepId = gridSweep();
        for (int i = 0; i < 3; i++) sweeps.next(sweepId).orElseThrow();
        assertThat(sweeps.next(sweepId)).isEmpty();
        assertThat(sweeps.get(sweepId).state()).isEqualTo(dev.sextant.server.domain.SweepState.RUNNING);
    }
}

package dev.sextant.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sextant.server.service.Limits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's defaults are the Limits constants, not a second copy of them. */
class MainOptionsTest {
    private static void assumeNoLimitsInTheEnvironment() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("SEXTANT_MAX_")), "no SEXTANT_MAX_* set");
    }

    @Test
    void with_no_options_the_limits_are_the_defaults() {
        assumeNoLimitsInTheEnvironment();
        var main = new Main();
        new CommandLine(main).parseArgs();
        assertThat(main.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(main.limits().maxArtifactBytes()).isEqualTo(Limits.DEFAULT_MAX_ARTIFACT_BYTES);
    }

    @Test
    void an_option_sets_its_limit_and_leaves_the_others() {
        assumeNoLimitsInTheEnvironment();
        var main = new Main();
        new CommandLine(main).parseArgs("--max-metric-body", "2m", "--max-key-length", "500");
        assertThat(main.limits().maxMetricBodyBytes()).isEqualTo(2L << 20);
        assertThat(main.limits().maxKeyLength()).isEqualTo(500);
        assertThat(main.limits().maxJsonBodyBytes()).isEqualTo(Limits.DEFAULTS.maxJsonBodyBytes());
    }
}

package dev.sextant.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    @Test
    void a_bare_level_is_sextants_own_and_named_entries_set_any_logger() {
        assertThat(LogSetup.parseLevels("debug, org.eclipse.jetty=info ,sextant.access=off,root=error"))
                .containsEntry("dev.sextant", Level.DEBUG)
                .containsEntry("sextant", Level.DEBUG)
                .containsEntry("org.eclipse.jetty", Level.INFO)
                .containsEntry("sextant.access", Level.OFF)
                .containsEntry("ROOT", Level.ERROR);
    }

    @Test
    void an_unknown_level_is_refused_naming_the_entry() {
        assertThatThrownBy(() -> LogSetup.parseLevels("info,org.eclipse.jetty=loud"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'org.eclipse.jetty=loud'");
        assertThatThrownBy(() -> LogFormat.parse("xml")).hasMessageContaining("text or json, got 'xml'");
    }
}

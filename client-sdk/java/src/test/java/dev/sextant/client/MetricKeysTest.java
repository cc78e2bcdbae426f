package dev.sextant.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"loss", "train/loss", "system/gpu0/memory_used_mb", "val acc", "lr-1.5", "Genauigkeit_ä"})
    void keys_the_server_accepts_pass(String key) {
        assertThatCode(() -> MetricKeys.check(key)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/loss", "loss/", "a//b", "a/../b", "./a", "loss*", "a\tb", "ab:c"})
    void keys_the_server_would_reject_fail_in_the_callers_thread(String key) {
        assertThatThrownBy(() -> MetricKeys.check(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_key_longer_than_250_characters_fails() {
        assertThatThrownBy(() -> MetricKeys.check("k".repeat(251))).hasMessageContaining("at most 250");
    }
}

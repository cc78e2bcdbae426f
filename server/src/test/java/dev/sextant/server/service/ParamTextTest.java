package dev.sextant.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ParamTextTest {

    /** Expected texts are what Python 3.11's repr() printed for the same doubles. */
    @ParameterizedTest
    @CsvSource({
        "0.0001, 0.0001", "1e-05, 1e-05", "3.0, 3.0", "1.5e16, 1.5e+16", "1e16, 1e+16",
        "9999999999999998.0, 9999999999999998.0", "123.456, 123.456", "-0.0, -0.0",
        "0.30000000000000004, 0.30000000000000004", "2.5e-300, 2.5e-300",
        "1.7976931348623157e308, 1.7976931348623157e+308", "4.9e-324, 5e-324", "-42.0, -42.0", "1e22, 1e+22",
        "0.001, 0.001"})
    void a_double_reads_as_python_writes_it(double value, String python) {
        assertThat(ParamText.of(value)).isEqualTo(python);
    }

    @Test
    void every_text_reads_back_as_the_same_double() {
        var random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(value)) continue;
            assertThat(Double.doubleToLongBits(Double.parseDouble(ParamText.of(value))))
                    .as("%s", value).isEqualTo(Double.doubleToLongBits(value));
        }
    }
}

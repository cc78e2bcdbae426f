package dev.sextant.server.store.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PointBlockCodecTest {

    private static final double[] SPECIAL = {
        Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff8dead0000beefL),
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1.0, -1.0
    };

    @Test
    void random_blocks_round_trip_bit_for_bit() {
        var random = new Random(19);
        for (int trial = 0; trial < 2_000; trial++) {
            var block = randomBlock(random, random.nextInt(trial < 20 ? 3 : 600));
            assertRoundTrip(block);
        }
    }

    @Test
    void extreme_steps_and_timestamps_round_trip_although_their_deltas_overflow() {
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, 1};
        var values = new double[extremes.length];
        Arrays.fill(values, Double.NaN);
        assertRoundTrip(new PointBlock(extremes, extremes.clone(), values));
    }

    @Test
    void every_special_value_follows_every_other_one_exactly() {
        int n = SPECIAL.length * SPECIAL.length * 2;
        var values = new double[n];
        for (int i = 0; i < SPECIAL.length; i++) {
            for (int j = 0; j < SPECIAL.length; j++) {
                values[2 * (i * SPECIAL.length + j)] = SPECIAL[i];
                values[2 * (i * SPECIAL.length + j) + 1] = SPECIAL[j];
            }
        }
        var steps = new long[n];
        for (int i = 0; i < n; i++) steps[i] = i;
        assertRoundTrip(new PointBlock(steps, steps.clone(), values));
    }

    @Test
    void an_empty_block_round_trips() {
        assertRoundTrip(new PointBlock(new long[0], new long[0], new double[0]));
    }

    @Test
    void a_truncated_block_is_refused_rather_than_misread() {
        var block = randomBlock(new Random(1), 100);
        var bytes = PointBlockCodec.encode(block);
        assertThatThrownBy(() -> PointBlockCodec.decode(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_regular_series_of_a_constant_costs_about_three_bits_a_point() {
        int n = 4096;
        var steps = new long[n];
        var timestamps = new long[n];
        var values = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            timestamps[i] = 1_700_000_000_000L + 100L * i;
            values[i] = 0.5;
        }
        assertThat(PointBlockCodec.encode(new PointBlock(steps, timestamps, values)).length).isLessThan(n * 3 / 8 + 32);
    }

    private static void assertRoundTrip(PointBlock block) {
        var decoded = PointBlockCodec.decode(PointBlockCodec.encode(block));
        assertThat(decoded.steps()).containsExactly(block.steps());
        assertThat(decoded.timestampsMs()).containsExactly(block.timestampsMs());
        var expectedBits = Arrays.stream(block.values()).mapToLong(Double::doubleToRawLongBits).toArray();
        var actualBits = Arrays.stream(decoded.values()).mapToLong(Double::doubleToRawLongBits).toArray();
        assertThat(actualBits).containsExactly(expectedBits);
    }

    /** Irregular and repeated steps, jittery timestamps, values from smooth to wild. */
    private static PointBlock randomBlock(Random random, int n) {
        var steps = new long[n];
        var timestamps = new long[n];
        var values = new double[n];
        long step = random.nextBoolean() ? random.nextLong() : random.nextInt(1000) - 500;
        long ts = random.nextBoolean() ? random.nextLong() : 1_700_000_000_000L;
        double value = random.nextGaussian();
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> step += 0; // a duplicate step
                case 1 -> step += random.nextLong(); // anywhere, wrapping
                case 2 -> step += random.nextInt(1_000_000);
                default -> step += 1;
            }
            ts += random.nextInt(8) == 0 ? random.nextLong() : 50 + random.nextInt(7) - 3;
            value = switch (random.nextInt(8)) {
                case 0 -> SPECIAL[random.nextInt(SPECIAL.length)];
                case 1 -> Double.longBitsToDouble(random.nextLong()); // any bits, NaN payloads included
                case 2 -> (float) (value * (1 + 0.01 * random.nextGaussian()));
                case 3 -> value; // repeated
                default -> value * (1 + 0.01 * random.nextGaussian());
            };
            steps[i] = step;
            timestamps[i] = ts;
            values[i] = value;
        }
        return new PointBlock(steps, timestamps, values);
    }
}

package dev.sextant.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PointBufferTest {

    @Test
    void drained_points_come_out_in_the_order_they_were_added_across_the_ring_boundary() {
        var buffer = new PointBuffer(4, 4);
        var batch = PointBatch.allocate(4);
        var steps = new ArrayList<Long>();
        long next = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 3; i++) buffer.add("loss", next * 0.5, next++, 1000 + next);
            int count = buffer.drain(batch, 4);
            for (int i = 0; i < count; i++) {
                steps.add(batch.steps()[i]);
                assertThat(batch.values()[i]).isEqualTo(batch.steps()[i] * 0.5);
                assertThat(batch.keys()[i]).isEqualTo("loss");
            }
        }
        assertThat(steps).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
    }

    @Test
    void drain_takes_at_most_one_batch() {
        var buffer = new PointBuffer(10, 10);
        for (int i = 0; i < 7; i++) buffer.add("x", i, i, i);
        var batch = PointBatch.allocate(3);
        assertThat(buffer.drain(batch, 3)).isEqualTo(3);
        assertThat(buffer.size()).isEqualTo(4);
        assertThat(buffer.added()).isEqualTo(7);
    }

    @Test
    void a_full_buffer_blocks_the_producer_until_the_consumer_makes_room_and_loses_nothing() throws Exception {
        var buffer = new PointBuffer(8, 8);
        var done = new CountDownLatch(1);
        var producer = new Thread(() -> {
            for (int i = 0; i < 1000; i++) buffer.add("x", i, i, i);
            done.countDown();
        });
        producer.start();
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).as("producer must block on a full buffer").isFalse();
        var received = new ArrayList<Long>();
        var batch = PointBatch.allocate(5);
        while (received.size() < 1000) {
            int count = buffer.drain(batch, 5);
            for (int i = 0; i < count; i++) received.add(batch.steps()[i]);
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).hasSize(1000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void points_of_one_step_are_added_together_with_one_timestamp() {
        var buffer = new PointBuffer(10, 10);
        buffer.addAll(new String[] {"a", "b", "c"}, new double[] {1, 2, 3}, 3, 42, 9999);
        var batch = PointBatch.allocate(10);
        assertThat(buffer.drain(batch, 10)).isEqualTo(3);
        assertThat(java.util.Arrays.asList(batch.keys()).subList(0, 3)).containsExactly("a", "b", "c");
        assertThat(batch.timestampsMs()[0]).isEqualTo(9999);
        assertThat(batch.timestampsMs()[2]).isEqualTo(9999);
        assertThat(batch.steps()[1]).isEqualTo(42);
    }
}

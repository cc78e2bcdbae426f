package dev.sextant.client;

/**
 * Points drained from a {@link PointBuffer}, kept column-wise as the buffer holds them; index i of each
 * array is one point. Only the first {@code size} entries are meaningful.
 */
record PointBatch(String[] keys, double[] values, long[] steps, long[] timestampsMs, int size) {
    static PointBatch allocate(int capacity) {
        return new PointBatch(new String[capacity], new double[capacity], new long[capacity], new long[capacity], 0);
    }

    PointBatch withSize(int newSize) {
        return new PointBatch(keys, values, steps, timestampsMs, newSize);
    }
}

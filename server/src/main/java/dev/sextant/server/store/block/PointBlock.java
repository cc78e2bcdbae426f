package dev.sextant.server.store.block;

/**
 * The points of one chunk of a series, as parallel arrays of equal length, in the order they were given
 * (the store keeps them in its primary-key order). Values keep their exact bits, NaN payloads and −0.0 included.
 * The arrays are owned by the block: callers must not change them.
 */
public record PointBlock(long[] steps, long[] timestampsMs, double[] values) {
    public PointBlock {
        if (steps.length != timestampsMs.length || steps.length != values.length) {
            throw new IllegalArgumentException("a point block needs as many steps, timestamps and values");
        }
    }

    public int size() {
        return steps.length;
    }
}

package dev.sextant.server.store.sql;

/**
 * The envelope pyramid's levels: a level-L chunk summarises the steps [i·2^L, (i+1)·2^L). Levels are
 * 4 bits apart, so a query at any bucket width reads at most ~16 chunk rows per bucket, and a batch
 * of dense steps touches only a handful of chunk rows per level.
 */
final class EnvelopeLevels {
    private EnvelopeLevels() {}

    static final int[] LEVELS = {4, 8, 12, 16, 20, 24, 28, 32, 36, 40};

    static long chunkIndex(long step, int level) {
        return step >> level; // arithmetic shift = floor division, also for negative (MLflow) steps
    }

    /** The coarsest level whose chunk span is at most {@code width} steps, or -1 when even the finest is wider. */
    static int levelFor(long width) {
        int chosen = -1;
        for (int level : LEVELS) {
            if ((1L << level) <= width) chosen = level;
        }
        return chosen;
    }
}

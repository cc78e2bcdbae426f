package dev.sextant.server.store.sql;

import java.util.Arrays;

/**
 * The envelope pyramid's levels: a level-L chunk summarises the steps [i·2^L, (i+1)·2^L). The grid levels are
 * 4 bits apart, so a query at any bucket width reads at most ~16 chunk rows per bucket, and a batch
 * of dense steps touches only a handful of chunk rows per level. A series keeps only the levels whose
 * chunks hold at least about one point (its min level); narrower queries read raw points, which are
 * then just as few. Level 10 is stored between 8 and 12 without being a grid level (ADR 0017): 1,000 buckets over
 * a million steps are 1,024 steps wide, one level-10 chunk where they were four level-8 rows.
 */
final class EnvelopeLevels {
    private EnvelopeLevels() {}

    /** Every stored level, finest first: what the write path keeps and what interval covers read. */
    static final int[] LEVELS = {4, 8, 10, 12, 16, 20, 24, 28, 32, 36, 40};

    /**
     * The levels bucket widths are aligned to and a series' min level is chosen from, 4 bits apart as before level
     * 10 was stored: an envelope's grid, and which levels a series keeps, are what they were.
     */
    private static final int[] GRID_LEVELS = {4, 8, 12, 16, 20, 24, 28, 32, 36, 40};

    /**
     * The min level is judged from a series' first batch, which may be a thin sample of what follows
     * (shuffled or resumed writes), so it never goes above this: a wrong guess then costs at most a few
     * raw points per bucket at read time.
     */
    private static final int MAX_MIN_LEVEL = 12;

    /** Below this many distinct steps the spacing says little, so a new series keeps every level. */
    private static final int MIN_STEPS_TO_JUDGE_SPACING = 8;

    static long chunkIndex(long step, int level) {
        return step >> level; // arithmetic shift = floor division, also for negative (MLflow) steps
    }

    /** The coarsest level whose chunk span is at most {@code width} steps, or -1 when even the finest is wider. */
    static int levelFor(long width) {
        int chosen = -1;
        for (int level : GRID_LEVELS) {
            if ((1L << level) <= width) chosen = level;
        }
        return chosen;
    }

    /** The finest level worth keeping for steps spaced like these: the first whose span covers the median gap. */
    static int minLevelFor(long[] steps) {
        var distinct = Arrays.stream(steps).sorted().distinct().toArray();
        if (distinct.length < MIN_STEPS_TO_JUDGE_SPACING) return GRID_LEVELS[0];
        var gaps = new long[distinct.length - 1];
        for (int i = 1; i < distinct.length; i++) gaps[i - 1] = distinct[i] - distinct[i - 1];
        Arrays.sort(gaps);
        long medianGap = gaps[gaps.length / 2];
        for (int level : GRID_LEVELS) {
            if ((1L << level) >= medianGap) return Math.min(level, MAX_MIN_LEVEL);
        }
        return MAX_MIN_LEVEL;
    }

    /**
     * The coarsest stored level, from {@code level} up, whose chunk span divides {@code width}: buckets of that
     * width are whole chunks of it too, and reading them takes up to 16 times fewer rows. Never finer than
     * {@code level}, so never below the series' min level.
     */
    static int coarsestDividing(long width, int level) {
        int best = level;
        for (int l : LEVELS) {
            if (l > level && l < 63 && width % (1L << l) == 0) best = l;
        }
        return best;
    }

    /**
     * The finest level a new series keeps, given the level its spacing asks for: never below 8. Sealed blocks hold the
     * finer detail (a block spans at most one level-8 chunk for dense steps), and level-4 rows alone would cost more
     * bytes a point than the compressed points (ADR 0013).
     */
    static int keptMinLevel(int spacingLevel) {
        return Math.max(8, spacingLevel);
    }

    /** The block level of a new series: 16 chunks of the level its spacing asks for, about 16 to 256 points a block. */
    static int blockLevel(int spacingLevel) {
        return spacingLevel + 4;
    }

    /** The stored level above {@code level}, or -1 at the top: the pyramid folds each level into this one. */
    static int next(int level) {
        for (int l : LEVELS) {
            if (l > level) return l;
        }
        return -1;
    }
}

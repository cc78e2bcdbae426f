package dev.sextant.server.store;

/**
 * How a run search may read the runs of one experiment (store/sql/RunSearchQuery): every plan gives the same pages,
 * only the cost differs. Servers use {@link #DEFAULT}; tests pass others to a store so each way is taken on a few
 * runs and compared with a full sort.
 *
 * @param indexTerms whether a filter's index terms (param equalities, metric bounds) may drive the read
 * @param window     index rows of the ordering metric read in order before another way is tried; also the most
 *                   runs the index terms may admit for them to be read and sorted at once
 */
public record SearchPlan(boolean indexTerms, int window) {
    /** 2,000 rows: at 100,000 runs reading them costs about what reading and sorting 2,000 candidates does. */
    public static final SearchPlan DEFAULT = new SearchPlan(true, 2000);

    public SearchPlan {
        if (window < 0) throw new IllegalArgumentException("window must not be negative: " + window);
    }
}

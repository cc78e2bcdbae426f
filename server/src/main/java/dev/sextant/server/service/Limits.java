package dev.sextant.server.service;

import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;

/**
 * The configurable input limits, each checked before any work is done and each refused with an error that
 * names the limit, its flag and its value. Request bodies are capped per route class: JSON API bodies,
 * native metric batches (POST /runs/{id}/metrics) and artifact uploads (one file, run or model). Main builds one
 * from the command line (its option defaults are these constants) and every check reads it.
 */
public record Limits(long maxJsonBodyBytes, long maxMetricBodyBytes, long maxArtifactBytes, int maxPointsPerBatch,
                     int maxKeyLength, int maxValueLength, int maxFilterLength) {

    public static final long DEFAULT_MAX_JSON_BODY_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_MAX_METRIC_BODY_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 50L * 1024 * 1024 * 1024;
    public static final int DEFAULT_MAX_FILTER_LENGTH = 64 * 1024;

    /** MLflow's own key and value lengths, so its clients never see a difference. */
    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_JSON_BODY_BYTES, DEFAULT_MAX_METRIC_BODY_BYTES,
            DEFAULT_MAX_ARTIFACT_BYTES, MetricService.MAX_POINTS_PER_BATCH, InputRules.MAX_KEY_LENGTH, InputRules.MAX_PARAM_VALUE_LENGTH,
            DEFAULT_MAX_FILTER_LENGTH);

    public Limits {
        if (maxJsonBodyBytes < 1 || maxMetricBodyBytes < 1 || maxArtifactBytes < 1 || maxPointsPerBatch < 1 || maxKeyLength < 1
                || maxValueLength < 1 || maxFilterLength < 1) {
            throw new IllegalArgumentException("every limit must be at least 1");
        }
    }

    public Limits withMaxArtifactBytes(long bytes) {
        return new Limits(maxJsonBodyBytes, maxMetricBodyBytes, bytes, maxPointsPerBatch, maxKeyLength, maxValueLength, maxFilterLength);
    }

    /** A metric batch of more points than the limit: 400, checked while the batch is parsed and again by the service. */
    public void checkPointsPerBatch(long count) {
        if (count > maxPointsPerBatch) {
            throw SextantException.invalid("a batch may hold at most " + maxPointsPerBatch
                    + " points (limit max-points-per-batch), got " + count);
        }
    }

    /**
     * Fixed bounds on a search's shape, checked before any work: 2,000 order_by keys took SQLite seconds to refuse
     * (it allows 2,000 ORDER BY terms, and each keyed one is two subqueries per run), and 150,000 experiment ids took
     * seconds of CPU to match.
     */
    public static final int MAX_ORDER_BY = 50;
    public static final int MAX_SEARCH_EXPERIMENT_IDS = 1000;

    /** At most {@link #MAX_ORDER_BY} order_by clauses, each within max-filter-length. */
    public void checkOrderBy(java.util.List<String> orderBy) {
        if (orderBy == null) return;
        checkOrderByCount(orderBy.size());
        orderBy.forEach(clause -> checkFilter("order_by", clause));
    }

    public static void checkOrderByCount(int count) {
        if (count > MAX_ORDER_BY) throw SextantException.invalid("order_by may list at most " + MAX_ORDER_BY + " fields, got " + count);
    }

    /** At most {@link #MAX_SEARCH_EXPERIMENT_IDS} experiment ids in one search. */
    public static void checkExperimentIds(java.util.List<String> experimentIds) {
        if (experimentIds != null && experimentIds.size() > MAX_SEARCH_EXPERIMENT_IDS) {
            throw SextantException.invalid("experiment_ids may list at most " + MAX_SEARCH_EXPERIMENT_IDS
                    + " experiments, got " + experimentIds.size());
        }
    }

    /** A search filter or order_by clause longer than the limit: 400, before it reaches the parser. */
    public void checkFilter(String what, String text) {
        if (text != null && text.length() > maxFilterLength) {
            throw new SextantException(ErrorCode.INVALID_PARAMETER_VALUE, what + " is " + text.length()
                    + " characters, over the limit max-filter-length=" + maxFilterLength);
        }
    }
}

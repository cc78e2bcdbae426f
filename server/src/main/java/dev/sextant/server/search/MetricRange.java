package dev.sextant.server.search;

/**
 * A term of a run filter that every match must satisfy and that an index can answer: the latest value of metric
 * {@code key} compared with {@code value} by {@code op} (=, <, <=, >, >=). A search can read the runs this term
 * admits from the metric's value index instead of looking at every run of the experiment.
 */
public record MetricRange(String key, String op, double value) implements IndexTerm {}

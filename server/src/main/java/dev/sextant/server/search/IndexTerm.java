package dev.sextant.server.search;

/**
 * A top-level term of a run filter (every match satisfies it) whose matching runs in one experiment are one range of
 * an index: a search can read those runs, or intersect several such ranges, instead of testing every run.
 */
public sealed interface IndexTerm permits MetricRange, ParamEquals {}

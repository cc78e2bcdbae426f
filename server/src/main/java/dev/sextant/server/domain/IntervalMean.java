package dev.sextant.server.domain;

/**
 * How many points a series has in a step interval (NaN ones included) and the mean of its non-NaN values
 * there (NaN when there are none, or when infinities of both signs met).
 */
public record IntervalMean(long startStep, long count, double mean) {}

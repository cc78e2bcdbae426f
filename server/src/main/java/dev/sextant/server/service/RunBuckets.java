package dev.sextant.server.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every run's value in each bucket of a shared grid: its mean over the bucket (NaN points left out, as in an
 * envelope), or null when it has no point there. {@code xStarts}/{@code xEnds} describe the grid.
 */
record RunBuckets(Number from, Number to, Number[] xStarts, Number[] xEnds, Map<String, Double[]> values) {

    static RunBuckets empty(Number from, Number to) {
        return new RunBuckets(from, to, new Number[0], new Number[0], new LinkedHashMap<>());
    }

    int count() {
        return xStarts.length;
    }
}

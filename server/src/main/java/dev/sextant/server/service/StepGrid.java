package dev.sextant.server.service;

import java.util.Arrays;

/**
 * Buckets of whole steps shared by every run: bucket k holds [k·width, (k+1)·width − 1] clipped to
 * [from, to]. The width is the envelope's: about (to − from) / buckets, rounded up to a whole number of the
 * pyramid's chunks (16, 256, 4096 … steps), so most of every bucket is read from whole chunks.
 */
record StepGrid(long from, long to, long width, long[] starts) {

    static StepGrid of(long from, long to, int buckets) {
        long rawWidth = Long.divideUnsigned(to - from, buckets) + 1;
        long span = 1;
        while (span <= Long.MAX_VALUE / 16 && span * 16 <= rawWidth) span *= 16;
        long width = span == 1 ? rawWidth : span * ((rawWidth + span - 1) / span);
        var starts = new long[(int) Math.min(Integer.MAX_VALUE - 8, Long.divideUnsigned(to - from, width) + 2)];
        int n = 0;
        starts[n++] = from;
        long next = (Math.floorDiv(from, width) + 1) * width;
        while (next <= to && next > starts[n - 1]) {
            starts[n++] = next;
            next += width;
        }
        return new StepGrid(from, to, width, Arrays.copyOf(starts, n));
    }

    int count() {
        return starts.length;
    }

    /** The bucket whose first step is {@code start}. */
    int indexOfStart(long start) {
        return Arrays.binarySearch(starts, start);
    }

    long end(int index) {
        return index + 1 < starts.length ? starts[index + 1] - 1 : to;
    }
}

package dev.sextant.server.service;

/**
 * Equal-width buckets over a continuous x range [from, to]: bucket i is [from + i·w, from + (i+1)·w) with
 * w = (to − from) / count, the last one closed at {@code to}; x belongs to bucket floor((x − from) / w).
 */
record ValueGrid(double from, double to, int count) {

    ValueGrid {
        if (from == to) count = 1;
    }

    double width() {
        return (to - from) / count;
    }

    /** The bucket of x, or -1 when x is outside [from, to] or not a number. */
    int indexOf(double x) {
        if (!(x >= from && x <= to)) return -1;
        if (from == to) return 0;
        int index = (int) Math.floor((x - from) / width());
        return Math.min(index, count - 1);
    }

    double start(int index) {
        return from + index * width();
    }

    double end(int index) {
        return index == count - 1 ? to : from + (index + 1) * width();
    }
}

package dev.sextant.server.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One byte range of a file of known size, from a {@code Range: bytes=...} header (RFC 9110 §14). Only a
 * single range is honoured; a header we do not understand, or several ranges, means "the whole file".
 */
record ByteRange(long start, long endInclusive) {
    private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    long length() {
        return endInclusive - start + 1;
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + endInclusive + "/" + size;
    }

    /** Thrown for a well-formed range that lies outside the file: the answer is 416. */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) return Optional.empty();
        var match = SINGLE.matcher(header);
        if (!match.matches()) return Optional.empty();
        String first = match.group(1);
        String last = match.group(2);
        try {
            if (first.isEmpty()) {
                if (last.isEmpty()) return Optional.empty();
                long suffix = Long.parseLong(last);
                if (suffix == 0 || size == 0) throw new Unsatisfiable();
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (end < start) return Optional.empty();
            if (start >= size) throw new Unsatisfiable();
            return Optional.of(new ByteRange(start, Math.min(end, size - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

package dev.sextant.server.api;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Conditional request headers (RFC 9110 §13) against one file's ETag and modification time. */
final class Conditionals {
    private Conditionals() {}

    /** If-None-Match wins when present (weak comparison); otherwise If-Modified-Since at second precision. */
    static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, long modifiedTimeMs) {
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || stripWeak(tag).equals(etag)) return true;
            }
            return false;
        }
        Long since = parseDate(ifModifiedSince);
        return since != null && modifiedTimeMs / 1000 <= since / 1000;
    }

    /** If-Range: the Range header counts only when the file is still the one the client has (strong match). */
    static boolean rangeApplies(String ifRange, String etag, long modifiedTimeMs) {
        if (ifRange == null) return true;
        String value = ifRange.trim();
        if (value.startsWith("\"")) return value.equals(etag);
        Long date = parseDate(value);
        return date != null && modifiedTimeMs / 1000 == date / 1000;
    }

    private static String stripWeak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static Long parseDate(String value) {
        if (value == null) return null;
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

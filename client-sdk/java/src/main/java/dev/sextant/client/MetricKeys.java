package dev.sextant.client;

/**
 * The server's rule for metric keys, checked in the caller's thread: one bad key would otherwise make the
 * server reject (4xx) a whole batch of good points. Letters, digits, '_', '-', '.', ' ' and '/', at most
 * 250 characters, a relative path without empty, '.' or '..' parts. Cheap enough for every log call.
 */
final class MetricKeys {
    static final int MAX_LENGTH = 250;

    private MetricKeys() {}

    static void check(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("metric key must be a non-empty string");
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("metric key must be at most " + MAX_LENGTH + " characters, got " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!allowed(c)) {
                throw new IllegalArgumentException("metric key '" + key + "' may only contain letters, digits, '_', '-', '.',"
                        + " ' ' and '/'");
            }
        }
        if (key.charAt(0) == '/' || key.charAt(key.length() - 1) == '/' || key.contains("//") || hasDotPart(key)) {
            throw new IllegalArgumentException("metric key '" + key + "' must be a relative path without empty, '.' or '..' parts");
        }
    }

    private static boolean allowed(char c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == ' ' || c == '/';
        }
        if (Character.isLetterOrDigit(c)) return true;
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.CONNECTOR_PUNCTUATION
                || Character.isSurrogate(c);
    }

    private static boolean hasDotPart(String key) {
        if (key.indexOf('.') < 0) return false;
        for (String part : key.split("/")) if (part.equals(".") || part.equals("..")) return true;
        return false;
    }
}

package dev.sextant.server.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Reuses one String instance per distinct metric key of a batch. A batch repeats a handful of keys
 * thousands of times; without this, every point would allocate its key again and every map lookup
 * downstream would hash it again.
 */
final class KeyTable {
    private static final int MAX_KEYS = 64;
    private final List<String> keys = new ArrayList<>();
    private String last;

    String intern(char[] buffer, int offset, int length) {
        if (last != null && matches(last, buffer, offset, length)) return last;
        for (var key : keys) {
            if (matches(key, buffer, offset, length)) return last = key;
        }
        var key = new String(buffer, offset, length);
        if (keys.size() < MAX_KEYS) keys.add(key);
        return last = key;
    }

    private static boolean matches(String key, char[] buffer, int offset, int length) {
        if (key.length() != length) return false;
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != buffer[offset + i]) return false;
        }
        return true;
    }
}

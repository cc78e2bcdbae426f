package dev.sextant.server.service;

import dev.sextant.server.domain.Run;
import dev.sextant.server.error.SextantException;

/**
 * One key runs are grouped by: a param ({@code params.lr}; a nested config key is its dotted param,
 * {@code config.optimizer.lr} is the same as {@code params.optimizer.lr}), a tag ({@code tags.team}) or the
 * run's status ({@code status}). A run without the key has the value null, a group of its own.
 */
record GroupKey(String name, Source source, String key) {
    enum Source { PARAM, TAG, STATUS }

    static GroupKey parse(String name) {
        if (name == null || name.isBlank()) throw SextantException.invalid("group_by keys must not be empty");
        if (name.equals("status") || name.equals("attributes.status") || name.equals("attribute.status")) {
            return new GroupKey(name, Source.STATUS, null);
        }
        for (var prefix : new String[] {"params.", "param.", "config."}) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return new GroupKey(name, Source.PARAM, name.substring(prefix.length()));
            }
        }
        for (var prefix : new String[] {"tags.", "tag."}) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return new GroupKey(name, Source.TAG, name.substring(prefix.length()));
            }
        }
        throw SextantException.invalid("group_by key '" + SextantException.abbreviate(name, 80)
                + "' must be params.<key>, config.<key>, tags.<key> or status");
    }

    String valueOf(Run run) {
        return switch (source) {
            case PARAM -> run.params().get(key);
            case TAG -> run.tags().get(key);
            case STATUS -> run.status().name();
        };
    }
}

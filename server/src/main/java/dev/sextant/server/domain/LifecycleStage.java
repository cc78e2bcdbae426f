package dev.sextant.server.domain;

import java.util.Locale;

/** Soft-deletion state of experiments and runs; on the wire as "active" / "deleted". */
public enum LifecycleStage {
    ACTIVE, DELETED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LifecycleStage fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

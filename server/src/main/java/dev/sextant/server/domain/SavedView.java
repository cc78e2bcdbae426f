package dev.sextant.server.domain;

/**
 * A saved view of an experiment's runs page: its name and the page's state (filter, sort, columns, group-by,
 * chart panels) as a JSON object text the server keeps but does not interpret. Times are epoch milliseconds.
 */
public record SavedView(String viewId, String experimentId, String name, String stateJson, boolean isDefault,
                        long creationTimeMs, long lastUpdateTimeMs) {}

package dev.sextant.server.store;

import java.util.List;

/**
 * A logged-model search as MLflow 3 asks it: experiments, a filter in MLflow's grammar, datasets that metric
 * filters must have been measured on (empty = any), order_by fields and one page.
 */
public record LoggedModelQuery(List<String> experimentIds, String filter, List<DatasetRef> datasets,
                               List<Order> orderBy, int maxResults, String pageToken) {
    public LoggedModelQuery {
        experimentIds = List.copyOf(experimentIds);
        datasets = List.copyOf(datasets);
        orderBy = List.copyOf(orderBy);
        filter = filter == null ? "" : filter;
    }

    /** A dataset by name, and by digest too unless it is null. */
    public record DatasetRef(String name, String digest) {}

    /** One sort key: an attribute ("creation_timestamp") or "metrics.<key>", optionally on one dataset. */
    public record Order(String field, boolean ascending, DatasetRef dataset) {}
}

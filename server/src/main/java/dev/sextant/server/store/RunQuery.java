package dev.sextant.server.store;

import dev.sextant.server.domain.ViewType;
import java.util.List;

/** A run search: experiments to look in, MLflow-style filter and order_by, one page. */
public record RunQuery(
        List<String> experimentIds,
        String filter,
        List<String> orderBy,
        ViewType viewType,
        int maxResults,
        String pageToken) {

    public RunQuery {
        experimentIds = List.copyOf(experimentIds);
        orderBy = List.copyOf(orderBy);
        filter = filter == null ? "" : filter;
    }
}

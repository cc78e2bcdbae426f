package dev.sextant.server.store;

import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
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
        if (experimentIds.stream().anyMatch(java.util.Objects::isNull)) throw SextantException.invalid("experiment_ids must not contain null");
        if (orderBy.stream().anyMatch(java.util.Objects::isNull)) throw SextantException.invalid("order_by must not contain null");
        experimentIds = List.copyOf(experimentIds);
        orderBy = List.copyOf(orderBy);
        filter = filter == null ? "" : filter;
    }
}

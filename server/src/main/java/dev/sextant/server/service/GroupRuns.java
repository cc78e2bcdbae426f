package dev.sextant.server.service;

import dev.sextant.server.domain.Run;
import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.RunQuery;
import dev.sextant.server.store.TrackingStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The runs a group read covers: the active runs of {@code experiment_ids} and the runs named in {@code run_ids},
 * each kept only when it matches {@code filter} (the run search grammar). At most {@link #MAX_RUNS}.
 */
final class GroupRuns {
    static final int MAX_RUNS = 1000;
    private static final int PAGE = 1000;

    private GroupRuns() {}

    static List<Run> select(TrackingStore store, Limits limits, GroupQuery query) {
        if (query.experimentIds().isEmpty() && query.runIds().isEmpty()) {
            throw SextantException.invalid("experiment_ids or run_ids is required");
        }
        limits.checkFilter("filter", query.filter());
        Limits.checkExperimentIds(query.experimentIds());
        var runs = new LinkedHashMap<String, Run>();
        if (!query.experimentIds().isEmpty()) search(store, query.experimentIds(), query.filter(), runs);
        if (!query.runIds().isEmpty()) {
            if (query.runIds().size() > MAX_RUNS) throw tooMany();
            var named = new LinkedHashMap<String, Run>();
            for (var runId : query.runIds()) {
                if (runId == null) throw SextantException.invalid("run_ids must not contain null");
                named.put(runId, store.findRun(runId).orElseThrow(() -> SextantException.notFound("run", runId)));
            }
            if (query.filter() != null && !query.filter().isBlank()) {
                var experiments = named.values().stream().map(Run::experimentId).distinct().toList();
                var ids = named.keySet().stream().map(id -> "'" + id.replace("'", "") + "'").collect(Collectors.joining(", "));
                var matching = new LinkedHashMap<String, Run>();
                search(store, experiments, query.filter() + " and attributes.run_id IN (" + ids + ")", matching);
                named.keySet().retainAll(matching.keySet());
            }
            named.forEach(runs::putIfAbsent);
        }
        if (runs.size() > MAX_RUNS) throw tooMany();
        return new ArrayList<>(runs.values());
    }

    private static void search(TrackingStore store, List<String> experimentIds, String filter, LinkedHashMap<String, Run> into) {
        String token = null;
        do {
            var page = store.searchRuns(new RunQuery(experimentIds, filter, List.of(), ViewType.ACTIVE_ONLY, PAGE, token));
            page.items().forEach(run -> into.put(run.runId(), run));
            if (into.size() > MAX_RUNS) throw tooMany();
            token = page.nextPageToken();
        } while (token != null);
    }

    private static SextantException tooMany() {
        return SextantException.invalid("a group read may cover at most " + MAX_RUNS + " runs; narrow it with a filter");
    }
}

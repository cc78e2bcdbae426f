package dev.sextant.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.domain.Dataset;
import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.domain.RunStatus;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.http.ResponseOutput;
import dev.sextant.server.service.CreateRunCommand;
import dev.sextant.server.service.RunService;
import dev.sextant.server.store.RunQuery;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

/** HTTP in, HTTP out for /api/v1/runs. */
public final class RunHandlers {
    private final RunService runs;
    private final ObjectMapper mapper;

    public RunHandlers(RunService runs, ObjectMapper mapper) {
        this.runs = runs;
        this.mapper = mapper;
    }

    record CreateRunRequest(String experimentId, String experimentName, String runId, String name, String user,
                            Long startTimeMs, String parentRunId, JsonNode config, Map<String, String> tags) {}

    record UpdateRunRequest(String status, Long endTimeMs, String name, String notes) {}

    record ConfigRequest(JsonNode config) {}

    record TagsRequest(Map<String, String> tags) {}

    record InputsRequest(List<InputRequest> inputs) {}

    record InputRequest(Dataset dataset, Map<String, String> tags) {}

    record SearchRunsRequest(List<String> experimentIds, String filter, List<String> orderBy, String view,
                             Integer maxResults, String pageToken) {}

    record SearchRunsResponse(List<RunResponse> runs, String nextPageToken) {}

    void create(Context ctx) {
        var body = Requests.body(ctx, "runs.create", CreateRunRequest.class);
        var run = runs.create(new CreateRunCommand(body.experimentId(), body.experimentName(), body.runId(), body.name(),
                body.user(), body.startTimeMs(), body.parentRunId(), ConfigJson.flatten(body.config()), body.tags()));
        ctx.status(201).json(RunResponse.of(run, mapper));
    }

    void get(Context ctx) {
        ctx.json(RunResponse.of(runs.get(ctx.pathParam("run_id")), mapper));
    }

    void update(Context ctx) {
        var body = Requests.body(ctx, "runs.update", UpdateRunRequest.class);
        var run = runs.update(ctx.pathParam("run_id"), parseStatus(body.status()), body.endTimeMs(), body.name(), body.notes());
        ctx.json(RunResponse.of(run, mapper));
    }

    void delete(Context ctx) {
        runs.delete(ctx.pathParam("run_id"));
        ctx.status(204);
    }

    void restore(Context ctx) {
        runs.restore(ctx.pathParam("run_id"));
        ctx.json(RunResponse.of(runs.get(ctx.pathParam("run_id")), mapper));
    }

    void logConfig(Context ctx) {
        var body = Requests.body(ctx, "runs.log_config", ConfigRequest.class);
        runs.logParams(ctx.pathParam("run_id"), ConfigJson.flatten(body.config()));
        ctx.json(RunResponse.of(runs.get(ctx.pathParam("run_id")), mapper));
    }

    void setTags(Context ctx) {
        var body = Requests.body(ctx, "runs.set_tags", TagsRequest.class);
        if (body.tags() == null) throw SextantException.invalid("tags is required");
        runs.setTags(ctx.pathParam("run_id"), body.tags());
        ctx.json(RunResponse.of(runs.get(ctx.pathParam("run_id")), mapper));
    }

    /** Datasets the run read; a dataset the run already has is left as it is, so a re-send changes nothing. */
    void logInputs(Context ctx) {
        var body = Requests.body(ctx, "runs.log_inputs", InputsRequest.class);
        if (body.inputs() == null) throw SextantException.invalid("inputs is required");
        var inputs = new ArrayList<DatasetInput>();
        for (int i = 0; i < body.inputs().size(); i++) {
            var input = body.inputs().get(i);
            if (input == null || input.dataset() == null) throw SextantException.invalid("inputs[" + i + "].dataset is required");
            var tags = input.tags() == null ? Map.<String, String>of() : input.tags();
            for (var tag : tags.entrySet()) {
                if (tag.getValue() == null) {
                    throw SextantException.invalid("inputs[" + i + "].tags['" + SextantException.abbreviate(tag.getKey(), 60)
                            + "'] must be a string, got null");
                }
            }
            inputs.add(new DatasetInput(input.dataset(), tags));
        }
        runs.logInputs(ctx.pathParam("run_id"), "inputs", inputs);
        ctx.json(RunResponse.of(runs.get(ctx.pathParam("run_id")), mapper));
    }

    void deleteTag(Context ctx) {
        runs.deleteTag(ctx.pathParam("run_id"), ctx.pathParam("key"));
        ctx.status(204);
    }

    void search(Context ctx) throws java.io.IOException {
        var body = Requests.body(ctx, "runs.search", SearchRunsRequest.class);
        var query = new RunQuery(
                body.experimentIds() == null ? List.of() : body.experimentIds(),
                body.filter(),
                body.orderBy() == null ? List.of() : body.orderBy(),
                ExperimentHandlers.parseView(body.view()),
                body.maxResults() == null ? 1000 : body.maxResults(),
                body.pageToken());
        var page = runs.searchInSlices(query);
        // Pages of thousands of runs: each run is converted while it is written, straight to the response, and its
        // details are read a slice at a time, so neither the page's runs nor the JSON text are held at once (the
        // server runs in 256 MB, and a browser that leaves a page stops reading its answer without closing it).
        Iterable<RunResponse> items = () -> StreamSupport.stream(page.items().spliterator(), false)
                .map(run -> RunResponse.of(run, mapper)).iterator();
        var response = new LinkedHashMap<String, Object>();
        response.put("runs", items);
        if (page.nextPageToken() != null) response.put("next_page_token", page.nextPageToken());
        ctx.contentType("application/json");
        try (var out = ResponseOutput.of(ctx)) {
            mapper.writeValue(out, response);
        }
    }

    private static RunStatus parseStatus(String status) {
        if (status == null) return null;
        try {
            return RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SextantException.invalid("status must be one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED; got '"
                    + SextantException.abbreviate(status, 60) + "'");
        }
    }
}

package dev.sextant.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.server.sweep.CreateSweepCommand;
import dev.sextant.server.sweep.SweepImportance;
import dev.sextant.server.sweep.SweepService;
import dev.sextant.server.sweep.SweepView;
import dev.sextant.server.sweep.TrialView;
import io.javalin.http.Context;
import java.util.List;

/** HTTP in, HTTP out for /api/v1/sweeps. */
public final class SweepHandlers {
    private final SweepService sweeps;
    private final SweepImportance importance;

    public SweepHandlers(SweepService sweeps, SweepImportance importance) {
        this.sweeps = sweeps;
        this.importance = importance;
    }

    record CreateSweepRequest(String experimentId, String name, JsonNode config) {}

    record SweepList(List<SweepView> sweeps) {}

    record TrialList(List<TrialView> trials) {}

    void create(Context ctx) {
        var body = Requests.body(ctx, "sweeps.create", CreateSweepRequest.class);
        ctx.status(201).json(sweeps.create(new CreateSweepCommand(body.experimentId(), body.name(), body.config())));
    }

    void list(Context ctx) {
        var experimentId = ctx.queryParam("experiment_id");
        ctx.json(new SweepList(sweeps.list(experimentId == null ? "0" : experimentId, ExperimentHandlers.parseView(ctx.queryParam("view")))));
    }

    void get(Context ctx) {
        ctx.json(sweeps.get(ctx.pathParam("sweep_id")));
    }

    void pause(Context ctx) {
        ctx.json(sweeps.pause(ctx.pathParam("sweep_id")));
    }

    void resume(Context ctx) {
        ctx.json(sweeps.resume(ctx.pathParam("sweep_id")));
    }

    void stop(Context ctx) {
        ctx.json(sweeps.stop(ctx.pathParam("sweep_id")));
    }

    void delete(Context ctx) {
        sweeps.delete(ctx.pathParam("sweep_id"));
        ctx.status(204);
    }

    /** 201 with the new trial; 204 when the sweep has nothing to hand out. */
    void next(Context ctx) {
        var trial = sweeps.next(ctx.pathParam("sweep_id"));
        if (trial.isPresent()) ctx.status(201).json(trial.get());
        else ctx.status(204);
    }

    void trials(Context ctx) {
        ctx.json(new TrialList(sweeps.trials(ctx.pathParam("sweep_id"))));
    }

    void heartbeat(Context ctx) {
        ctx.json(sweeps.heartbeat(ctx.pathParam("sweep_id"), ctx.pathParam("run_id")));
    }

    void importance(Context ctx) {
        ctx.json(importance.of(ctx.pathParam("sweep_id")));
    }
}

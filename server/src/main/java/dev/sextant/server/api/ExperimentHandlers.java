package dev.sextant.server.api;

import dev.sextant.server.domain.ViewType;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ExperimentService;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;

/** HTTP in, HTTP out for /api/v1/experiments. */
public final class ExperimentHandlers {
    private final ExperimentService experiments;

    public ExperimentHandlers(ExperimentService experiments) {
        this.experiments = experiments;
    }

    record CreateExperimentRequest(String name, String description, Map<String, String> tags) {}

    record UpdateExperimentRequest(String name, String description) {}

    record TagsRequest(Map<String, String> tags) {}

    void create(Context ctx) {
        var body = Requests.body(ctx, "experiments.create", CreateExperimentRequest.class);
        var tags = body.tags() == null ? Map.<String, String>of() : body.tags();
        ctx.status(201).json(experiments.create(body.name(), body.description(), tags));
    }

    void list(Context ctx) {
        var view = parseView(ctx.queryParam("view"));
        ctx.json(Map.of("experiments", experiments.list(view)));
    }

    void get(Context ctx) {
        ctx.json(experiments.get(ctx.pathParam("experiment_id")));
    }

    void columns(Context ctx) {
        ctx.json(experiments.keys(ctx.pathParam("experiment_id")));
    }

    void getByName(Context ctx) {
        var name = ctx.queryParam("name");
        if (name == null) throw SextantException.invalid("query parameter 'name' is required");
        ctx.json(experiments.getByName(name));
    }

    void update(Context ctx) {
        var body = Requests.body(ctx, "experiments.update", UpdateExperimentRequest.class);
        ctx.json(experiments.update(ctx.pathParam("experiment_id"), body.name(), body.description()));
    }

    void setTags(Context ctx) {
        var body = Requests.body(ctx, "experiments.set_tags", TagsRequest.class);
        if (body.tags() == null) throw SextantException.invalid("tags is required");
        experiments.setTags(ctx.pathParam("experiment_id"), body.tags());
        ctx.json(experiments.get(ctx.pathParam("experiment_id")));
    }

    void deleteTag(Context ctx) {
        experiments.deleteTag(ctx.pathParam("experiment_id"), ctx.pathParam("key"));
        ctx.status(204);
    }

    void delete(Context ctx) {
        experiments.delete(ctx.pathParam("experiment_id"));
        ctx.status(204);
    }

    void restore(Context ctx) {
        experiments.restore(ctx.pathParam("experiment_id"));
        ctx.json(experiments.get(ctx.pathParam("experiment_id")));
    }

    static ViewType parseView(String view) {
        if (view == null) return ViewType.ACTIVE_ONLY;
        return switch (view.toLowerCase(Locale.ROOT)) {
            case "active", "active_only" -> ViewType.ACTIVE_ONLY;
            case "deleted", "deleted_only" -> ViewType.DELETED_ONLY;
            case "all" -> ViewType.ALL;
            default -> throw SextantException.invalid("view must be one of active, deleted, all; got '" + view + "'");
        };
    }
}

package dev.sextant.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.server.domain.SavedView;
import dev.sextant.server.service.ViewService;
import io.javalin.http.Context;
import java.util.Map;

/** HTTP in, HTTP out for an experiment's saved views; the view's state travels as a JSON object. */
public final class ViewHandlers {
    private final ViewService views;
    private final ObjectMapper mapper;

    public ViewHandlers(ViewService views, ObjectMapper mapper) {
        this.views = views;
        this.mapper = mapper;
    }

    record ViewRequest(String name, JsonNode state, Boolean isDefault) {}

    record ViewResponse(String viewId, String experimentId, String name, JsonNode state, boolean isDefault,
                        long creationTimeMs, long lastUpdateTimeMs) {}

    void list(Context ctx) {
        ctx.json(Map.of("views", views.list(ctx.pathParam("experiment_id")).stream().map(this::response).toList()));
    }

    void create(Context ctx) {
        var body = Requests.body(ctx, "views.create", ViewRequest.class);
        var view = views.create(ctx.pathParam("experiment_id"), body.name(), text(body.state() == null ? mapper.createObjectNode() : body.state()),
                Boolean.TRUE.equals(body.isDefault()));
        ctx.status(201).json(response(view));
    }

    void get(Context ctx) {
        ctx.json(response(views.get(ctx.pathParam("experiment_id"), ctx.pathParam("view_id"))));
    }

    void update(Context ctx) {
        var body = Requests.body(ctx, "views.update", ViewRequest.class);
        var view = views.update(ctx.pathParam("experiment_id"), ctx.pathParam("view_id"), body.name(),
                body.state() == null ? null : text(body.state()), body.isDefault());
        ctx.json(response(view));
    }

    void delete(Context ctx) {
        views.delete(ctx.pathParam("experiment_id"), ctx.pathParam("view_id"));
        ctx.status(204);
    }

    private String text(JsonNode state) {
        // A non-object is passed on as its text, which the service refuses with a message naming the field.
        return state.isObject() ? state.toString() : "not an object: " + state.getNodeType();
    }

    private ViewResponse response(SavedView view) {
        try {
            return new ViewResponse(view.viewId(), view.experimentId(), view.name(), mapper.readTree(view.stateJson()),
                    view.isDefault(), view.creationTimeMs(), view.lastUpdateTimeMs());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored view state is not JSON: " + view.viewId(), e);
        }
    }
}

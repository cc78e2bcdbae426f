package dev.sextant.server;

import dev.sextant.server.api.ApiRoutes;
import dev.sextant.server.api.ExperimentHandlers;
import dev.sextant.server.api.Json;
import dev.sextant.server.api.MetricHandlers;
import dev.sextant.server.api.RunHandlers;
import dev.sextant.server.api.SystemHandlers;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.RunService;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.store.TrackingStore;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;

/** A running Sextant: the store, the services and the HTTP app, wired by hand. Main and tests start it alike. */
public final class Server implements AutoCloseable {
    private final TrackingStore store;
    private final Javalin app;
    private final List<ApiRoutes.Route> routes;

    private Server(TrackingStore store, Javalin app, List<ApiRoutes.Route> routes) {
        this.store = store;
        this.app = app;
        this.routes = routes;
    }

    public static Server start(ServerConfig config) {
        var clock = Clock.systemUTC();
        var mapper = Json.newMapper();
        var store = StoreFactory.open(config.database());
        try {
            var experiments = new ExperimentService(store, clock);
            var runs = new RunService(store, experiments, clock);
            var metrics = new MetricService(store);
            var routes = ApiRoutes.routes(
                    new SystemHandlers(version()),
                    new ExperimentHandlers(experiments),
                    new RunHandlers(runs, mapper),
                    new MetricHandlers(metrics, clock, config.maxRequestBytes()));
            var app = App.create(mapper, routes, config.maxRequestBytes()).start(config.host(), config.port());
            return new Server(store, app, routes);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The native API's route table, as registered. */
    public List<ApiRoutes.Route> routes() {
        return routes;
    }

    public int port() {
        return app.port();
    }

    public static String version() {
        var version = Server.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
    @Override
    public void close() {
        app.stop();
        store.close();
    }
}

package dev.sextant.server;

import dev.sextant.server.api.ApiRoutes;
import dev.sextant.server.api.ArtifactHandlers;
import dev.sextant.server.artifact.ArtifactStore;
import dev.sextant.server.artifact.ArtifactStoreFactory;
import dev.sextant.server.api.ExperimentHandlers;
import dev.sextant.server.api.Json;
import dev.sextant.server.api.MetricHandlers;
import dev.sextant.server.api.RunHandlers;
import dev.sextant.server.api.SystemHandlers;
import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.RunService;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.store.TrackingStore;
import io.javalin.Javalin;
import java.time.Clock;

/** A running Sextant: the store, the services and the HTTP app, wired by hand. Main and tests start it alike. */
public final class Server implements AutoCloseable {
    private final TrackingStore store;
    private final ArtifactStore files;
    private final Javalin app;

    private Server(TrackingStore store, ArtifactStore files, Javalin app) {
        this.store = store;
        this.files = files;
        this.app = app;
    }

    public static Server start(ServerConfig config) {
        var clock = Clock.systemUTC();
        var mapper = Json.newMapper();
        var store = StoreFactory.open(config.database());
        ArtifactStore files = null;
        try {
            files = ArtifactStoreFactory.open(config.artifacts(), config.s3());
            var experiments = new ExperimentService(store, clock);
            var artifacts = new ArtifactService(store, files, clock, config.maxArtifactBytes());
            var runs = new RunService(store, experiments, clock, artifacts::runRootUri);
            var metrics = new MetricService(store);
            var routes = ApiRoutes.routes(
                    new SystemHandlers(version()),
                    new ExperimentHandlers(experiments),
                    new RunHandlers(runs, mapper),
                    new MetricHandlers(metrics, clock, config.maxRequestBytes()),
                    new ArtifactHandlers(artifacts));
            var app = App.create(mapper, routes, config.maxRequestBytes()).start(config.host(), config.port());
            return new Server(store, files, app);
        } catch (RuntimeException e) {
            if (files != null) files.close();
            store.close();
            throw e;
        }
    }

    /** Where artifacts are kept, for the start-up banner. */
    public String artifactRoot() {
        return files.describe();
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
        files.close();
        store.close();
    }
}

package dev.sextant.server;

import dev.sextant.server.api.AccessFilter;
import dev.sextant.server.api.ApiRoutes;
import dev.sextant.server.api.AuthHandlers;
import dev.sextant.server.auth.Authenticator;
import dev.sextant.server.api.ChartHandlers;
import dev.sextant.server.api.ArtifactHandlers;
import dev.sextant.server.artifact.ArtifactStore;
import dev.sextant.server.artifact.ArtifactStoreFactory;
import dev.sextant.server.api.ExperimentHandlers;
import dev.sextant.server.api.ExportHandlers;
import dev.sextant.server.export.ExperimentExport;
import dev.sextant.server.http.BodyLimitFilter;
import dev.sextant.server.http.InFlightRequests;
import dev.sextant.server.http.NoWebSockets;
import dev.sextant.server.http.Route;
import dev.sextant.server.http.RouteTemplates;
import dev.sextant.server.api.Json;
import dev.sextant.server.api.MetricHandlers;
import dev.sextant.server.api.RunHandlers;
import dev.sextant.server.api.SweepHandlers;
import dev.sextant.server.api.ViewHandlers;
import dev.sextant.server.mlflow.MlflowRoutes;
import dev.sextant.server.service.ChartService;
import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.LoggedModelService;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.ViewService;
import dev.sextant.server.service.ModelArtifactService;
import dev.sextant.server.service.RegistryService;
import dev.sextant.server.service.RunService;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.sweep.SweepImportance;
import dev.sextant.server.sweep.SweepService;
import dev.sextant.server.store.TrackingStore;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A running Sextant: the store, the services and the HTTP app, wired by hand. Main and tests start it alike. */
public final class Server implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Server.class);
    private final TrackingStore store;
    private final ArtifactStore files;
    private final Javalin app;
    private final List<Route> routes;
    private final RouteTemplates table;
    private final InFlightRequests inFlight;
    private final java.time.Duration shutdownTimeout;
    private final Observability observability;

    private Server(TrackingStore store, ArtifactStore files, Javalin app, List<Route> routes,
                   RouteTemplates table, InFlightRequests inFlight, java.time.Duration shutdownTimeout,
                   Observability observability) {
        this.observability = observability;
        this.table = table;
        this.inFlight = inFlight;
        this.shutdownTimeout = shutdownTimeout;
        this.store = store;
        this.files = files;
        this.app = app;
        this.routes = routes;
    }

    /** Leftovers of uploads a killed process never finished (a SIGKILL skips every cleanup). */
    private static void removeAbandonedUploads(ArtifactStore files) {
        try {
            int removed = files.removeAbandonedUploads();
            if (removed > 0) LOG.info("removed {} upload(s) a killed process left unfinished", removed);
        } catch (java.io.IOException e) {
            LOG.warn("could not remove the uploads a killed process left unfinished: {}", e.getMessage());
        }
    }

    public static Server start(ServerConfig config) {
        return start(config, null);
    }

    /** With token auth when {@code tokensFile} is not null (see {@link Authenticator#fromFile}). */
    public static Server start(ServerConfig config, Path tokensFile) {
        var clock = Clock.systemUTC();
        var auth = tokensFile == null ? null : Authenticator.fromFile(tokensFile, clock);
        var mapper = Json.newMapper();
        var observability = new Observability(config.metrics(), auth);
        var stores = StoreFactory.openStores(config.database(), observability.writes());
        var store = stores.tracking();
        ArtifactStore files = null;
        try {
            files = observability.meter(ArtifactStoreFactory.open(config.artifacts(), config.s3()));
            removeAbandonedUploads(files);
            var inFlight = new InFlightRequests();
            var limits = config.limits();
            var experiments = new ExperimentService(store, clock, limits);
            var artifacts = new ArtifactService(store, files, clock, limits);
            var runs = new RunService(store, experiments, clock, artifacts::runRootUri, limits);
            var metrics = new MetricService(store, limits, observability.pointsLogged());
            var sweeps = new SweepService(stores.sweeps(), mapper, clock, artifacts::runRootUri);
            var routes = ApiRoutes.routes(
                    observability.systemHandlers(version(), stores.status(), files, inFlight),
                    new ExperimentHandlers(experiments),
                    new RunHandlers(runs, mapper),
                    new MetricHandlers(metrics, clock),
                    new ChartHandlers(new ChartService(runs, metrics)),
                    new ArtifactHandlers(artifacts),
                    new AuthHandlers(auth, runs),
                    new SweepHandlers(sweeps, new SweepImportance(sweeps)),
                    new ExportHandlers(experiments, new ExperimentExport(runs, metrics)),
                    new ViewHandlers(new ViewService(stores.views(), experiments, clock), mapper));
            var loggedModels = new LoggedModelService(stores.loggedModels(), experiments, clock, limits);
            var modelArtifacts = new ModelArtifactService(loggedModels, stores.loggedModels(), files, clock, limits);
            var registry = new RegistryService(stores.registry(), loggedModels, clock);
            var mlflowRoutes = MlflowRoutes.routes(experiments, runs, metrics, artifacts, loggedModels, modelArtifacts, registry);
            // Routes called once per logged point are tried first by Javalin's linear matcher (same matches, fewer regexes).
            var table = new RouteTemplates(java.util.stream.Stream.concat(routes.stream(), mlflowRoutes.stream()).toList(),
                    route -> route.body() == Route.Body.METRIC_BATCH || MlflowRoutes.calledPerStep(route));
            var bodyLimits = new BodyLimitFilter(table, limits);
            var access = auth == null ? List.<io.javalin.http.Handler>of() : List.<io.javalin.http.Handler>of(new AccessFilter(auth, table));
            var app = App.create(mapper, table, limits, List.of(inFlight, new NoWebSockets(), bodyLimits), access,
                            observability.requestObserver(table))
                    .start(config.host(), config.port());
            return new Server(store, files, app, routes, table, inFlight, config.shutdownTimeout(), observability);
        } catch (RuntimeException e) {
            if (files != null) files.close();
            store.close();
            observability.close();
            throw e;
        }
    }

    /** The native API's route table, as registered. */
    public List<Route> routes() {
        return routes;
    }

    /** Every route registered, in table order: the native API's, then the MLflow API's (both prefixes, the artifact proxy). */
    public List<Route> allRoutes() {
        return table.routes();
    }

    /** Every route in the order Javalin was given them (the routes called once per point first; same matches). */
    public List<Route> matchingOrder() {
        return table.matchingOrder();
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

    /**
     * Stops accepting connections, lets in-flight requests finish (up to the shutdown timeout; later requests on
     * open connections get 503), then stops the HTTP server and closes the database, so every answered write
     * is committed before the process exits.
     */
    @Override
    public void close() {
        var jetty = app.jettyServer().server();
        for (var connector : jetty.getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.NetworkConnector network) network.close();
        }
        if (!inFlight.drain(shutdownTimeout)) {
            LOG.warn("{} request(s) still running after the shutdown timeout of {}; stopping anyway",
                    inFlight.active(), shutdownTimeout);
        }
        app.stop();
        files.close();
        store.close();
        observability.close();
    }
}

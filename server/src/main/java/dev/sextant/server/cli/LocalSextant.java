package dev.sextant.server.cli;

import dev.sextant.server.artifact.ArtifactStore;
import dev.sextant.server.artifact.ArtifactStoreFactory;
import dev.sextant.server.artifact.S3Settings;
import dev.sextant.server.importer.ImportTarget;
import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.Limits;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.RunService;
import dev.sextant.server.store.StoreFactory;
import dev.sextant.server.store.TrackingStore;
import java.time.Clock;

/**
 * The server's store and services without its HTTP side, for commands that work on the data directly (import,
 * export). It opens the same database and artifact root the server uses, so it may run beside a running server:
 * SQLite serialises the writers of both processes (WAL, busy timeout), PostgreSQL is built for several.
 */
final class LocalSextant implements AutoCloseable {
    private final TrackingStore store;
    private final ArtifactStore files;
    final ExperimentService experiments;
    final RunService runs;
    final MetricService metrics;
    final ArtifactService artifacts;

    LocalSextant(DataLocationOptions location) {
        var clock = Clock.systemUTC();
        store = StoreFactory.open(location.database());
        try {
            files = ArtifactStoreFactory.open(location.artifactRoot(), S3Settings.of(System.getenv("SEXTANT_S3_ENDPOINT"),
                    System.getenv("AWS_REGION"), pathStyle(), System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY")));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        // The command-line tools take no limit flags: they check what they import against the server's defaults.
        var limits = Limits.DEFAULTS;
        experiments = new ExperimentService(store, clock, limits);
        artifacts = new ArtifactService(store, files, clock, limits);
        runs = new RunService(store, experiments, clock, artifacts::runRootUri, limits);
        metrics = new MetricService(store, limits);
    }

    ImportTarget importTarget() {
        return new ImportTarget(experiments, runs, metrics, artifacts);
    }

    private static Boolean pathStyle() {
        String value = System.getenv("SEXTANT_S3_PATH_STYLE");
        return value == null ? null : Boolean.valueOf(value);
    }

    @Override
    public void close() {
        files.close();
        store.close();
    }
}

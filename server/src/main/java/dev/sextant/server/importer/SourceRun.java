package dev.sextant.server.importer;

import dev.sextant.server.domain.DatasetInput;
import dev.sextant.server.domain.RunStatus;
import java.util.List;
import java.util.Map;

/**
 * A run as the source tool describes it. {@code sourceId} is the tool's own id of the run (unique within its
 * {@link ImportSource#kind()}); {@code preferredRunId} is kept as Sextant's run id when it is free (MLflow's ids are
 * Sextant-shaped), null to always derive one. Params and tags are flat strings; {@code endTimeMs}, {@code user},
 * {@code parentSourceId} and {@code notes} may be null. {@code fingerprint} (may be null) changes whenever the source
 * run does (e.g. its files' sizes): a run with one is complete once imported and read again only when it changes; a
 * run without one is complete once its status is terminal. Points and files are read only when the run is imported.
 */
public record SourceRun(String sourceId, String preferredRunId, String name, RunStatus status, long startTimeMs,
                        Long endTimeMs, String user, String parentSourceId, String notes, boolean deleted,
                        Map<String, String> params, Map<String, String> tags, List<DatasetInput> inputs,
                        String fingerprint, MetricReader metrics, ArtifactLister artifacts) {
    public SourceRun {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        inputs = List.copyOf(inputs);
    }

    /** Streams a run's points in an order that is the same every time the source is read (resuming relies on it). */
    @FunctionalInterface
    public interface MetricReader {
        void read(PointSink sink, ImportReport report) throws java.io.IOException;
    }

    /** Receives points one by one; key is the source's own metric name. */
    @FunctionalInterface
    public interface PointSink {
        void point(String key, long step, long timestampMs, double value);
    }

    /** The run's files. */
    @FunctionalInterface
    public interface ArtifactLister {
        List<SourceArtifact> list(ImportReport report) throws java.io.IOException;
    }

    public static final MetricReader NO_METRICS = (sink, report) -> { };
    public static final ArtifactLister NO_ARTIFACTS = report -> List.of();
}

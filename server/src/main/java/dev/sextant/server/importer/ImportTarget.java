package dev.sextant.server.importer;

import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.domain.Experiment;
import dev.sextant.server.domain.Run;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.service.ArtifactService;
import dev.sextant.server.service.ExperimentService;
import dev.sextant.server.service.MetricService;
import dev.sextant.server.service.RunService;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The services an import writes through: the same rules, validation and idempotent batch write path as the APIs
 * (see docs/adr/0010-importers-write-through-the-services.md).
 */
public record ImportTarget(ExperimentService experiments, RunService runs, MetricService metrics, ArtifactService artifacts) {

    Optional<Run> findRun(String runId) {
        return absentWhenNotFound(() -> runs.get(runId));
    }

    Optional<Experiment> findExperiment(String name) {
        return absentWhenNotFound(() -> experiments.getByName(name));
    }

    Optional<ArtifactFile> findArtifact(String runId, dev.sextant.server.artifact.ArtifactPath path) {
        return absentWhenNotFound(() -> artifacts.get(runId, path));
    }

    private static <T> Optional<T> absentWhenNotFound(Supplier<T> lookup) {
        try {
            return Optional.of(lookup.get());
        } catch (SextantException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) return Optional.empty();
            throw e;
        }
    }
}

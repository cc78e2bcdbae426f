package dev.sextant.server.api;

import dev.sextant.server.export.ExperimentExport;
import dev.sextant.server.export.ExportFormat;
import dev.sextant.server.http.ResponseOutput;
import dev.sextant.server.service.ExperimentService;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/** GET /api/v1/experiments/{id}/export?format=csv|parquet&table=runs|metrics, streamed as it is written. */
public final class ExportHandlers {
    private final ExperimentService experiments;
    private final ExperimentExport export;

    public ExportHandlers(ExperimentService experiments, ExperimentExport export) {
        this.experiments = experiments;
        this.export = export;
    }

    void export(Context ctx) throws IOException {
        var experiment = experiments.get(ctx.pathParam("experiment_id"));
        var format = ExportFormat.parse(ctx.queryParam("format"));
        var table = ExportFormat.table(ctx.queryParam("table"));
        String fileName = "experiment-" + experiment.experimentId() + "-" + table.name().toLowerCase(Locale.ROOT) + "." + format.extension();
        ctx.contentType(format.mediaType());
        ctx.header("Content-Disposition", ContentDisposition.attachment(fileName));
        try (var out = ResponseOutput.of(ctx)) {
            export.write(experiment, table, format.writer(out));
        }
    }
}

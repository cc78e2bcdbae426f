package dev.sextant.server.export;

import dev.sextant.server.error.SextantException;
import java.io.OutputStream;
import java.util.Locale;

/** The export formats: their file extension, media type and writer. */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    PARQUET("parquet", "application/vnd.apache.parquet");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public TableWriter writer(OutputStream out) {
        return this == CSV ? new CsvTableWriter(out) : new ParquetTableWriter(out);
    }

    public static ExportFormat parse(String text) {
        try {
            return valueOf((text == null ? "" : text).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SextantException.invalid("format must be csv or parquet, got '" + SextantException.abbreviate(String.valueOf(text), 40) + "'");
        }
    }

    public static ExperimentExport.Table table(String text) {
        if (text == null || text.equalsIgnoreCase("runs")) return ExperimentExport.Table.RUNS;
        if (text.equalsIgnoreCase("metrics")) return ExperimentExport.Table.METRICS;
        throw SextantException.invalid("table must be runs or metrics, got '" + SextantException.abbreviate(text, 40) + "'");
    }
}

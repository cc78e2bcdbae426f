package dev.sextant.server.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8: a header row, fields quoted when they hold a comma, quote or line break; numbers in Java's
 * shortest round-trip form, NaN/inf/-inf as pandas and DuckDB read them, times as ISO-8601 UTC, nulls empty.
 */
public final class CsvTableWriter implements TableWriter {
    private final BufferedWriter out;
    private List<Column> columns;

    public CsvTableWriter(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void header(List<Column> columns) throws IOException {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) out.write(',');
            out.write(quote(columns.get(i).name()));
        }
        out.write("\r\n");
    }

    @Override
    public void row(Object[] cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) out.write(',');
            Object cell = cells[i];
            if (cell == null) continue;
            out.write(switch (columns.get(i).type()) {
                case STRING -> quote((String) cell);
                case INT64 -> cell.toString();
                case TIMESTAMP_MS -> Instant.ofEpochMilli((Long) cell).toString();
                case DOUBLE -> number((Double) cell);
            });
        }
        out.write("\r\n");
    }

    private static String number(double value) {
        if (Double.isNaN(value)) return "nan";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        return Double.toString(value);
    }

    private static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text;
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}

package dev.sextant.server.export;

import java.io.IOException;
import java.util.List;

/**
 * Writes one table to a stream, row by row: a {@link Column.Type#STRING} cell is a String, INT64 and TIMESTAMP_MS a
 * Long (epoch milliseconds), DOUBLE a Double (NaN and infinities allowed); null is an empty cell.
 */
public interface TableWriter extends AutoCloseable {

    void header(List<Column> columns) throws IOException;

    void row(Object[] cells) throws IOException;

    /** Finishes the table (Parquet writes its footer here); does not close the underlying stream. */
    @Override
    void close() throws IOException;
}

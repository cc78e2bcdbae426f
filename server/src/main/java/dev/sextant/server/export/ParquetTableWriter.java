package dev.sextant.server.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A small Parquet writer (format 1, data pages v1, PLAIN values, definition levels for nulls, GZIP pages), enough
 * for flat tables of strings, longs, doubles and millisecond timestamps; see docs/adr/0014-parquet-export-with-a-small-own-writer.md.
 * Rows are buffered per row group and written when the group is full, so a table streams out in bounded memory.
 */
public final class ParquetTableWriter implements TableWriter {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int TYPE_INT64 = 2, TYPE_DOUBLE = 5, TYPE_BYTE_ARRAY = 6;
    private static final int CONVERTED_UTF8 = 0, CONVERTED_TIMESTAMP_MILLIS = 9;
    private static final int OPTIONAL = 1, ENCODING_PLAIN = 0, ENCODING_RLE = 3, CODEC_GZIP = 2;
    private final CountingStream out;
    private final int rowsPerGroup;
    private List<Column> columns;
    private List<Object[]> rows = new ArrayList<>();
    private final List<RowGroup> rowGroups = new ArrayList<>();
    private long totalRows;

    public ParquetTableWriter(OutputStream out) {
        this(out, 100_000);
    }

    ParquetTableWriter(OutputStream out, int rowsPerGroup) {
        this.out = new CountingStream(out);
        this.rowsPerGroup = rowsPerGroup;
    }

    @Override
    public void header(List<Column> columns) throws IOException {
        this.columns = List.copyOf(columns);
        out.write(MAGIC);
    }

    @Override
    public void row(Object[] cells) throws IOException {
        rows.add(cells.clone());
        if (rows.size() >= rowsPerGroup) flushGroup();
    }

    /** Where one column's pages of one row group landed. */
    private record Chunk(long offset, long uncompressedBytes, long compressedBytes) {}

    private record RowGroup(List<Chunk> chunks, long rows) {}

    private void flushGroup() throws IOException {
        if (rows.isEmpty()) return;
        var chunks = new ArrayList<Chunk>();
        for (int c = 0; c < columns.size(); c++) {
            long offset = out.count;
            byte[] page = page(c);
            byte[] compressed = gzip(page);
            byte[] header = new ThriftCompact().begin(0).i32(1, 0).i32(2, page.length).i32(3, compressed.length)
                    .begin(5).i32(1, rows.size()).i32(2, ENCODING_PLAIN).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE).end()
                    .end().bytes();
            out.write(header);
            out.write(compressed);
            chunks.add(new Chunk(offset, header.length + page.length, header.length + compressed.length));
        }
        rowGroups.add(new RowGroup(chunks, rows.size()));
        totalRows += rows.size();
        rows = new ArrayList<>();
    }

    /** Definition levels (RLE/bit-packed hybrid, bit width 1, 4-byte length prefix) and the PLAIN values. */
    private byte[] page(int column) {
        int n = rows.size();
        var levels = new byte[(n + 7) / 8];
        var values = new ByteArrayOutputStream();
        var eight = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        var four = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        var type = columns.get(column).type();
        for (int i = 0; i < n; i++) {
            Object cell = rows.get(i)[column];
            if (cell == null) continue;
            levels[i / 8] |= (byte) (1 << (i % 8));
            switch (type) {
                case STRING -> {
                    byte[] bytes = ((String) cell).getBytes(StandardCharsets.UTF_8);
                    values.writeBytes(four.putInt(0, bytes.length).array());
                    values.writeBytes(bytes);
                }
                case INT64, TIMESTAMP_MS -> values.writeBytes(eight.putLong(0, (Long) cell).array());
                case DOUBLE -> values.writeBytes(eight.putDouble(0, (Double) cell).array());
            }
        }
        var hybrid = new ByteArrayOutputStream();
        writeVarint(hybrid, (long) levels.length << 1 | 1);  // one bit-packed run of levels.length groups of 8
        hybrid.writeBytes(levels);
        var page = new ByteArrayOutputStream();
        page.writeBytes(four.putInt(0, hybrid.size()).array());
        page.writeBytes(hybrid.toByteArray());
        page.writeBytes(values.toByteArray());
        return page.toByteArray();
    }

    @Override
    public void close() throws IOException {
        flushGroup();
        var footer = new ThriftCompact().begin(0).i32(1, 1).list(2, ThriftCompact.STRUCT, columns.size() + 1);
        footer.begin(0).string(4, "schema").i32(5, columns.size()).end();
        for (var column : columns) {
            footer.begin(0).i32(1, physicalType(column.type())).i32(3, OPTIONAL).string(4, column.name());
            if (column.type() == Column.Type.STRING) footer.i32(6, CONVERTED_UTF8);
            if (column.type() == Column.Type.TIMESTAMP_MS) footer.i32(6, CONVERTED_TIMESTAMP_MILLIS);
            footer.end();
        }
        footer.i64(3, totalRows).list(4, ThriftCompact.STRUCT, rowGroups.size());
        for (var group : rowGroups) {
            footer.begin(0).list(1, ThriftCompact.STRUCT, group.chunks().size());
            long groupBytes = 0;
            for (int c = 0; c < columns.size(); c++) {
                var chunk = group.chunks().get(c);
                groupBytes += chunk.uncompressedBytes();
                footer.begin(0).i64(2, chunk.offset()).begin(3)
                        .i32(1, physicalType(columns.get(c).type()))
                        .list(2, ThriftCompact.I32, 2).i32Value(ENCODING_PLAIN).i32Value(ENCODING_RLE)
                        .list(3, ThriftCompact.BINARY, 1).stringValue(columns.get(c).name())
                        .i32(4, CODEC_GZIP).i64(5, group.rows()).i64(6, chunk.uncompressedBytes())
                        .i64(7, chunk.compressedBytes()).i64(9, chunk.offset())
                        .end().end();
            }
            footer.i64(2, groupBytes).i64(3, group.rows()).end();
        }
        footer.string(6, "sextant").end();
        byte[] metadata = footer.bytes();
        out.write(metadata);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(metadata.length).array());
        out.write(MAGIC);
        out.flush();
    }

    private static int physicalType(Column.Type type) {
        return switch (type) {
            case STRING -> TYPE_BYTE_ARRAY;
            case INT64, TIMESTAMP_MS -> TYPE_INT64;
            case DOUBLE -> TYPE_DOUBLE;
        };
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        var compressed = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (var gzip = new GZIPOutputStream(compressed, 1 << 16)) {
            gzip.write(bytes);
        }
        return compressed.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** Counts the bytes written, for the file offsets the footer records. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}

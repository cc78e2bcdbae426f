package dev.sextant.server.importer.tensorboard;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorBoard's event files use it: for each record a little-endian uint64 length, the masked
 * CRC32C of those 8 bytes, the data, and the masked CRC32C of the data. Both checksums are verified. A record cut
 * off by the end of the file (a writer still at work, or a crash) ends the file quietly: {@link #next()} returns null
 * and {@link #truncated()} says so.
 */
final class TfRecordReader implements AutoCloseable {
    private static final int MASK_DELTA = 0xa282ead8;
    private final InputStream in;
    private final Path file;
    private final byte[] header = new byte[12];
    private final byte[] footer = new byte[4];
    private long offset;
    private boolean truncated;

    TfRecordReader(Path file) throws IOException {
        this.file = file;
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** The next record's data, or null at the end of the file. */
    byte[] next() throws IOException {
        int got = in.readNBytes(header, 0, 12);
        if (got == 0) return null;
        if (got < 12) return cutOff();
        var buffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = buffer.getLong(0);
        if (masked(crc(header, 0, 8)) != buffer.getInt(8)) throw corrupt("length checksum");
        if (length < 0 || length > Integer.MAX_VALUE - 8) throw corrupt("record length " + length);
        byte[] data = new byte[(int) length];
        if (in.readNBytes(data, 0, data.length) < data.length || in.readNBytes(footer, 0, 4) < 4) return cutOff();
        if (masked(crc(data, 0, data.length)) != ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt()) {
            throw corrupt("data checksum");
        }
        offset += 16 + length;
        return data;
    }

    boolean truncated() {
        return truncated;
    }

    private byte[] cutOff() {
        truncated = true;
        return null;
    }

    private IOException corrupt(String what) {
        return new CorruptRecordException(file + ": bad " + what + " in the record at byte " + offset);
    }

    static int masked(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    private static int crc(byte[] bytes, int from, int length) {
        var crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A record whose checksum does not match: the rest of the file cannot be trusted. */
    static final class CorruptRecordException extends EOFException {
        CorruptRecordException(String message) {
            super(message);
        }
    }
}

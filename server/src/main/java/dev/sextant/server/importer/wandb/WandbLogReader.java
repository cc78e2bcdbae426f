package dev.sextant.server.importer.wandb;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The record log of a W&B run file (run-*.wandb), LevelDB's log format as wandb writes it: a 7-byte file header
 * (":W&B", 0xBEE1 little-endian, version 0), then 32 KiB blocks (the header counts toward the first) of chunks, each
 * a 7-byte header — CRC-32 (IEEE, unmasked) of the type byte and the data, little-endian uint16 length, type (1 full,
 * 2 first, 3 middle, 4 last) — and the data; a block's tail shorter than a header is zero padding. Every chunk's
 * checksum is verified. A record cut off by the end of the file (a run still writing) ends it: {@link #next()}
 * returns null and {@link #truncated()} says so.
 */
final class WandbLogReader implements AutoCloseable {
    private static final byte[] MAGIC = {':', 'W', '&', 'B', (byte) 0xE1, (byte) 0xBE, 0};
    private static final int BLOCK = 32 * 1024;
    private static final int HEADER = 7;
    private static final int FULL = 1, FIRST = 2, MIDDLE = 3, LAST = 4;
    private final InputStream in;
    private final Path file;
    private final byte[] chunkHeader = new byte[HEADER];
    private long position;
    private boolean truncated;

    WandbLogReader(Path file) throws IOException {
        this.file = file;
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        byte[] magic = in.readNBytes(HEADER);
        if (!Arrays.equals(magic, MAGIC)) throw new IOException(file + " is not a W&B run log (it does not start with :W&B, version 0)");
        position = HEADER;
    }

    /** The next record's bytes (a serialized wandb Record), or null at the end. */
    byte[] next() throws IOException {
        ByteArrayOutputStream pieces = null;
        while (true) {
            int left = (int) (BLOCK - position % BLOCK);
            if (left < HEADER) {
                if (!skip(left)) return null;
                position += left;
            }
            int got = in.readNBytes(chunkHeader, 0, HEADER);
            if (got == 0 && pieces == null) return null;
            if (got < HEADER) return cutOff();
            int expected = (chunkHeader[0] & 0xff) | (chunkHeader[1] & 0xff) << 8 | (chunkHeader[2] & 0xff) << 16 | (chunkHeader[3] & 0xff) << 24;
            int length = (chunkHeader[4] & 0xff) | (chunkHeader[5] & 0xff) << 8;
            int type = chunkHeader[6] & 0xff;
            if (type == 0 && length == 0 && expected == 0) {
                // Zero padding up to the block's end (a writer that pre-allocates): skip to the next block.
                long rest = BLOCK - (position + HEADER) % BLOCK;
                if (!skip(rest)) return null;
                position += HEADER + rest;
                continue;
            }
            byte[] data = in.readNBytes(length);
            if (data.length < length) return cutOff();
            var crc = new CRC32();
            crc.update(type);
            crc.update(data);
            if ((int) crc.getValue() != expected) throw new CorruptLogException(file + ": bad checksum in the chunk at byte " + position);
            position += HEADER + length;
            switch (type) {
                case FULL -> {
                    if (pieces != null) throw new CorruptLogException(file + ": a full record inside a split one at byte " + position);
                    return data;
                }
                case FIRST -> {
                    pieces = new ByteArrayOutputStream();
                    pieces.write(data);
                }
                case MIDDLE, LAST -> {
                    if (pieces == null) throw new CorruptLogException(file + ": a record piece without its start at byte " + position);
                    pieces.write(data);
                    if (type == LAST) return pieces.toByteArray();
                }
                default -> throw new CorruptLogException(file + ": unknown chunk type " + type + " at byte " + position);
            }
        }
    }

    /** Skips {@code count} bytes; false when the file ends first. */
    private boolean skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) return false;
                skipped = 1;
            }
            left -= skipped;
        }
        return true;
    }

    boolean truncated() {
        return truncated;
    }

    private byte[] cutOff() {
        truncated = true;
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A chunk whose checksum or framing is wrong: the rest of the file cannot be trusted. */
    static final class CorruptLogException extends EOFException {
        CorruptLogException(String message) {
            super(message);
        }
    }
}

package dev.sextant.server.store.block;

import java.util.Arrays;

/** Appends bit fields, most significant bit first, to a growing byte array. Not thread-safe. */
final class BitWriter {
    private byte[] bytes;
    private int size;
    private long pending; // the low pendingBits bits are not yet in bytes
    private int pendingBits;

    BitWriter(int expectedBytes) {
        bytes = new byte[Math.max(16, expectedBytes)];
    }

    /** Writes the low {@code width} bits of {@code value} (0 ≤ width ≤ 64). */
    void write(long value, int width) {
        if (width > 32) {
            write(value >>> 32, width - 32);
            value &= 0xffffffffL;
            width = 32;
        }
        if (width == 0) return;
        pending = (pending << width) | (value & (-1L >>> (64 - width)));
        pendingBits += width;
        if (pendingBits >= 32) flushBytes();
    }

    void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    byte[] toByteArray() {
        flushBytes();
        var result = Arrays.copyOf(bytes, size + (pendingBits > 0 ? 1 : 0));
        if (pendingBits > 0) result[size] = (byte) (pending << (8 - pendingBits));
        return result;
    }

    private void flushBytes() {
        if (size + 8 > bytes.length) bytes = Arrays.copyOf(bytes, bytes.length * 2);
        while (pendingBits >= 8) {
            pendingBits -= 8;
            bytes[size++] = (byte) (pending >>> pendingBits);
        }
    }
}

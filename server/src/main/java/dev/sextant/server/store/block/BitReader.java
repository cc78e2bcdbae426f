package dev.sextant.server.store.block;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Reads the bit fields a {@link BitWriter} wrote, eight bytes at a time. Reading past the end throws. Not thread-safe. */
final class BitReader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] padded; // the data and eight zero bytes, so a read never runs off the array
    private final long endBit;
    private long position;

    BitReader(byte[] bytes) {
        this.padded = Arrays.copyOf(bytes, bytes.length + 8);
        this.endBit = (long) bytes.length * 8;
    }

    /** The next {@code width} bits (0 ≤ width ≤ 64) as an unsigned value. */
    long read(int width) {
        if (width > 56) {
            long high = read(width - 32);
            return (high << 32) | read(32);
        }
        if (width == 0) return 0;
        if (position + width > endBit) throw new IllegalArgumentException("point block is truncated");
        long word = (long) LONGS.get(padded, (int) (position >>> 3));
        long value = (word << (position & 7)) >>> (64 - width);
        position += width;
        return value;
    }

    boolean readBit() {
        return read(1) == 1;
    }
}

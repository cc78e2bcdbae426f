package dev.sextant.server.store.block;

/**
 * Encodes a block of points into a compact byte array and back, bit for bit (ADR 0013).
 *
 * <p>Layout: a version byte, the point count as an unsigned varint, then one bit stream in which each point
 * writes its step, its timestamp and its value in turn. Steps and timestamps are delta-of-delta coded (the first
 * as itself, the second as its delta), each zigzagged and written with {@link #writeSigned}: a zero costs one bit,
 * which is what regular steps and a steady logging rate give. Values are XOR'd with the previous value's bits
 * (Gorilla): an identical value costs one bit, otherwise the meaningful bits between the XOR's leading and
 * trailing zeros are written, reusing the previous window when they fit in it. Arithmetic wraps, so every long
 * and every double (NaN payloads, infinities, −0.0) round-trips exactly. Stateless and thread-safe.
 */
public final class PointBlockCodec {
    private static final int VERSION = 1;

    /** Payload widths of the signed code's buckets after the zero bucket; the last one takes any 64-bit value. */
    private static final int[] BUCKET_BITS = {4, 8, 13, 20, 32, 64};

    private PointBlockCodec() {}

    public static byte[] encode(PointBlock block) {
        int n = block.size();
        var out = new BitWriter(16 + n * 6);
        out.write(VERSION, 8);
        writeVarint(out, n);
        long previousStep = 0, stepDelta = 0, previousTs = 0, tsDelta = 0, previousBits = 0;
        int window = -1; // leading zeros (high 6 bits) and meaningful length (low 7 bits) of the last XOR written
        for (int i = 0; i < n; i++) {
            long step = block.steps()[i];
            long ts = block.timestampsMs()[i];
            long bits = Double.doubleToRawLongBits(block.values()[i]);
            if (i == 0) {
                writeSigned(out, step);
                writeSigned(out, ts);
                out.write(bits, 64);
            } else {
                writeSigned(out, (step - previousStep) - stepDelta);
                writeSigned(out, (ts - previousTs) - tsDelta);
                window = writeXor(out, bits ^ previousBits, window);
                stepDelta = step - previousStep;
                tsDelta = ts - previousTs;
            }
            previousStep = step;
            previousTs = ts;
            previousBits = bits;
        }
        return out.toByteArray();
    }

    public static PointBlock decode(byte[] data) {
        var in = new BitReader(data);
        int version = (int) in.read(8);
        if (version != VERSION) throw new IllegalArgumentException("unknown point block version " + version);
        int n = readVarint(in);
        var steps = new long[n];
        var timestamps = new long[n];
        var values = new double[n];
        long step = 0, stepDelta = 0, ts = 0, tsDelta = 0, bits = 0;
        int lead = 0, length = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0) {
                step = readSigned(in);
                ts = readSigned(in);
                bits = in.read(64);
            } else {
                stepDelta += readSigned(in);
                tsDelta += readSigned(in);
                step += stepDelta;
                ts += tsDelta;
                if (in.readBit()) {
                    if (in.readBit()) {
                        lead = (int) in.read(6);
                        length = (int) in.read(6) + 1;
                    }
                    bits ^= in.read(length) << (64 - lead - length);
                }
            }
            steps[i] = step;
            timestamps[i] = ts;
            values[i] = Double.longBitsToDouble(bits);
        }
        return new PointBlock(steps, timestamps, values);
    }

    /** Writes a value's XOR with its predecessor; returns the window now in force. */
    private static int writeXor(BitWriter out, long xor, int window) {
        if (xor == 0) {
            out.writeBit(false);
            return window;
        }
        out.writeBit(true);
        int lead = Long.numberOfLeadingZeros(xor);
        int trail = Long.numberOfTrailingZeros(xor);
        if (window >= 0) {
            int windowLead = window >>> 7;
            int windowLength = window & 0x7f;
            if (lead >= windowLead && trail >= 64 - windowLead - windowLength) {
                out.writeBit(false);
                out.write(xor >>> (64 - windowLead - windowLength), windowLength);
                return window;
            }
        }
        // lead ≤ 63 because xor ≠ 0; a 6-bit field holds it and length − 1 (length is 1..64).
        int length = 64 - lead - trail;
        out.writeBit(true);
        out.write(lead, 6);
        out.write(length - 1, 6);
        out.write(xor >>> trail, length);
        return (lead << 7) | length;
    }

    /** Zigzag, then a unary bucket prefix ('0' is zero; '10' + 4 bits; '110' + 8 bits; …; '111111' + 64 bits). */
    static void writeSigned(BitWriter out, long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        if (zigzag == 0) {
            out.writeBit(false);
            return;
        }
        long payload = zigzag - 1; // 1..2^64−1 becomes 0..2^64−2, which fits the buckets' widths
        for (int b = 0; b < BUCKET_BITS.length; b++) {
            int width = BUCKET_BITS[b];
            boolean last = b == BUCKET_BITS.length - 1;
            if (last || (payload >>> width) == 0) {
                out.write(last ? (1L << (b + 1)) - 1 : ((1L << (b + 1)) - 1) << 1, last ? b + 1 : b + 2);
                out.write(payload, width);
                return;
            }
        }
    }

    static long readSigned(BitReader in) {
        if (!in.readBit()) return 0;
        int b = 0;
        while (b < BUCKET_BITS.length - 1 && in.readBit()) b++;
        long zigzag = in.read(BUCKET_BITS[b]) + 1;
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    private static void writeVarint(BitWriter out, int value) {
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80, 8);
            value >>>= 7;
        }
        out.write(value, 8);
    }

    private static int readVarint(BitReader in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = (int) in.read(8);
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new IllegalArgumentException("point block count is malformed");
    }
}

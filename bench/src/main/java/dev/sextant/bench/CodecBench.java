package dev.sextant.bench;

import dev.sextant.server.store.block.PointBlock;
import dev.sextant.server.store.block.PointBlockCodec;

/**
 * The point codec alone, no database: bytes per point of blocks of 4,096 steps of each {@link Curves} kind,
 * and encode/decode speed. Args: [points per kind, default 1,048,576].
 */
public final class CodecBench {
    public static void main(String[] args) {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        int blockSize = 4096;
        for (var kind : Curves.Kind.values()) {
            var curve = new Curves(kind, 19);
            long bytes = 0;
            long encodeNs = 0;
            long decodeNs = 0;
            for (int start = 0; start < points; start += blockSize) {
                var steps = new long[blockSize];
                var timestamps = new long[blockSize];
                var values = new double[blockSize];
                for (int i = 0; i < blockSize; i++) {
                    steps[i] = start + i;
                    values[i] = curve.value(start + i);
                    timestamps[i] = curve.timestampMs();
                }
                long t0 = System.nanoTime();
                var encoded = PointBlockCodec.encode(new PointBlock(steps, timestamps, values));
                long t1 = System.nanoTime();
                var decoded = PointBlockCodec.decode(encoded);
                long t2 = System.nanoTime();
                if (decoded.size() != blockSize) throw new AssertionError("lost points");
                bytes += encoded.length;
                encodeNs += t1 - t0;
                decodeNs += t2 - t1;
            }
            System.out.printf("%-8s %,d points: %.3f bytes/point in blocks (codec only), encode %.1f ns/point, decode %.1f ns/point%n",
                    kind, points, (double) bytes / points, (double) encodeNs / points, (double) decodeNs / points);
        }
    }
}

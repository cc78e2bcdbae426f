package dev.sextant.server.chart;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a TYPE_INT_RGB image as an 8-bit RGB PNG straight from its pixel array. ImageIO reads the
 * image through the generic Raster path, which took about 80 ms of a 1200×600 chart's render; this
 * takes about 10. Charts are mostly flat colour, so fast deflate without row filters compresses well.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

    private PngEncoder() {}

    static byte[] encode(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) throw new IllegalArgumentException("expected TYPE_INT_RGB");
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        try {
            var compressed = new ByteArrayOutputStream(64 * 1024);
            var deflater = new Deflater(Deflater.BEST_SPEED);
            try (var zip = new DeflaterOutputStream(compressed, deflater, 64 * 1024)) {
                byte[] row = new byte[1 + 3 * width]; // row[0] = 0: filter type None
                for (int y = 0; y < height; y++) {
                    for (int x = 0, offset = y * width, i = 1; x < width; x++) {
                        int pixel = pixels[offset + x];
                        row[i++] = (byte) (pixel >> 16);
                        row[i++] = (byte) (pixel >> 8);
                        row[i++] = (byte) pixel;
                    }
                    zip.write(row);
                }
            } finally {
                deflater.end();
            }
            var png = new ByteArrayOutputStream(compressed.size() + 64);
            png.write(SIGNATURE);
            var header = new ByteArrayOutputStream(13);
            var fields = new DataOutputStream(header);
            fields.writeInt(width);
            fields.writeInt(height);
            fields.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, adaptive filtering, no interlace
            chunk(png, "IHDR", header.toByteArray());
            chunk(png, "IDAT", compressed.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        var stream = new DataOutputStream(out);
        var typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        var crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        stream.writeInt(data.length);
        stream.write(typeBytes);
        stream.write(data);
        stream.writeInt((int) crc.getValue());
    }
}

package dev.sextant.server.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** The few pieces of Thrift's compact protocol that Parquet's page headers and footer need. */
final class ThriftCompact {
    static final int I32 = 5, I64 = 6, BINARY = 8, LIST = 9, STRUCT = 12;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deque<Integer> lastIds = new ArrayDeque<>();
    private int lastId;

    ThriftCompact field(int id, int type) {
        int delta = id - lastId;
        if (delta > 0 && delta <= 15) out.write(delta << 4 | type);
        else {
            out.write(type);
            varint(zigzag(id));
        }
        lastId = id;
        return this;
    }

    ThriftCompact i32(int id, int value) {
        field(id, I32);
        varint(zigzag(value));
        return this;
    }

    ThriftCompact i64(int id, long value) {
        field(id, I64);
        varint(zigzag(value));
        return this;
    }

    ThriftCompact string(int id, String value) {
        field(id, BINARY);
        return stringValue(value);
    }

    ThriftCompact stringValue(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        varint(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    ThriftCompact i32Value(int value) {
        varint(zigzag(value));
        return this;
    }

    /** A list field's header; the caller writes {@code size} elements of {@code elementType}. */
    ThriftCompact list(int id, int elementType, int size) {
        field(id, LIST);
        if (size < 15) out.write(size << 4 | elementType);
        else {
            out.write(0xF0 | elementType);
            varint(size);
        }
        return this;
    }

    /** Starts a struct (a field of the current one, or an element of a list when {@code id} is 0). */
    ThriftCompact begin(int id) {
        if (id > 0) field(id, STRUCT);
        lastIds.push(lastId);
        lastId = 0;
        return this;
    }

    ThriftCompact end() {
        out.write(0);
        lastId = lastIds.isEmpty() ? 0 : lastIds.pop();
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }
}

package dev.sextant.server.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A client's upload body: stops with an IOException past the size limit, and remembers whether a failure
 * came from the client (limit, broken connection) rather than from the store, so each gets the right error.
 */
final class UploadStream extends FilterInputStream {
    private final long limit;
    private volatile long count;
    private volatile boolean tooLarge;
    private volatile boolean clientFailed;

    UploadStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (IOException e) {
            clientFailed = true;
            throw e;
        }
        if (b >= 0) counted(1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            clientFailed = true;
            throw e;
        }
        if (n > 0) counted(n);
        return n;
    }

    private void counted(long n) throws IOException {
        count += n;
        if (count > limit) {
            tooLarge = true;
            throw new IOException("upload exceeds the limit of " + limit + " bytes");
        }
    }

    @Override
    public void close() {}

    long count() {
        return count;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    boolean clientFailed() {
        return clientFailed;
    }
}

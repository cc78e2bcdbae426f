package dev.sextant.server.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A client's request body, capped: once more than {@code limit} bytes have been read, a read fails with an
 * IOException naming the limit, before the rest arrives. It remembers whether a failure came from the client (the
 * cap, a broken connection) rather than from whoever reads it, so each gets the right error. Closing it leaves the
 * body itself open. Artifact uploads and every body the servlet filter caps go through it.
 */
public final class CappedInputStream extends FilterInputStream {
    private final long limit;
    private final String limitName;
    private volatile long count;
    private volatile boolean tooLarge;
    private volatile boolean clientFailed;

    /** {@code limitName} is the flag that sets the limit, quoted in the error. */
    public CappedInputStream(InputStream in, long limit, String limitName) {
        super(in);
        this.limit = limit;
        this.limitName = limitName;
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
            throw new IOException("request body exceeds the limit " + limitName + "=" + limit + " bytes");
        }
    }

    @Override
    public void close() {}

    public long count() {
        return count;
    }

    /** True once the body went past the limit. */
    public boolean tooLarge() {
        return tooLarge;
    }

    public boolean clientFailed() {
        return clientFailed;
    }
}

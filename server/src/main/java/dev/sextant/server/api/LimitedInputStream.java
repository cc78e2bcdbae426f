package dev.sextant.server.api;

import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with REQUEST_TOO_LARGE as soon as more than the limit has been read, before the rest arrives. */
final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private final String what;
    private long count;

    LimitedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count(1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) count(n);
        return n;
    }

    private void count(long n) {
        count += n;
        if (count > limit) {
            throw new SextantException(ErrorCode.REQUEST_TOO_LARGE, what + " exceeds the limit of " + limit + " bytes");
        }
    }
}

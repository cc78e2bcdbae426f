package dev.sextant.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response body's stream for a handler that writes the body itself. Closing it only flushes: Javalin closes the
 * real stream once, after the handler. Closed twice — by the handler (or Jackson, which closes what it wrote to),
 * then by Javalin — after a client left in the middle of a large answer, the JDK's GZIPOutputStream (Javalin
 * compresses large answers) threw "Deflater has been closed" on the second close, which Javalin logged as an ERROR
 * with a stack trace for every page a user left while it loaded. Once, it is a client abort, logged at debug.
 */
public final class ResponseOutput extends OutputStream {
    private final OutputStream body;

    private ResponseOutput(OutputStream body) {
        this.body = body;
    }

    public static OutputStream of(Context ctx) {
        return new ResponseOutput(ctx.outputStream());
    }

    @Override
    public void write(int b) throws IOException {
        body.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        body.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        body.flush();
    }

    @Override
    public void close() throws IOException {
        body.flush();
    }
}

package dev.sextant.server.cli;

import dev.sextant.server.importer.ImportProgress;
import java.io.PrintStream;

/** Progress as plain lines, one per run, for logs and pipes (no terminal to draw a bar on). */
final class ProgressLines implements ImportProgress {
    private final PrintStream out;
    private long total;
    private long done;
    private long points;
    private long bytes;

    ProgressLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(String source, long totalRuns) {
        total = totalRuns;
        out.println("Importing " + totalRuns + " run(s) from " + source);
        out.flush();
    }

    @Override
    public void runStarted(String label) { }

    @Override
    public void points(long count) {
        points += count;
    }

    @Override
    public void bytes(long count) {
        bytes += count;
    }

    @Override
    public void runFinished(String label, String outcome) {
        done++;
        out.printf("[%d/%d] %s: %s (%,d points, %,d bytes so far)%n", done, total, label, outcome, points, bytes);
        out.flush();
    }

    @Override
    public void close() { }
}

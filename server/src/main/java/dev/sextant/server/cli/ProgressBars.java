package dev.sextant.server.cli;

import dev.sextant.server.importer.ImportProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress as a bar on the terminal (me.tongfei:progressbar): runs done of all, with points and bytes written. */
final class ProgressBars implements ImportProgress {
    private ProgressBar bar;
    private long points;
    private long bytes;
    private String label = "";

    /** A bar on a terminal, plain lines otherwise (a pipe, a log file, CI). */
    static ImportProgress forConsole() {
        return System.console() != null ? new ProgressBars() : new ProgressLines(System.out);
    }

    @Override
    public void start(String source, long totalRuns) {
        System.out.println("Importing " + totalRuns + " run(s) from " + source);
        bar = new ProgressBarBuilder().setTaskName("runs").setInitialMax(totalRuns).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public void runStarted(String label) {
        this.label = label;
        bar.setExtraMessage(message());
    }

    @Override
    public void points(long count) {
        points += count;
        bar.setExtraMessage(message());
    }

    @Override
    public void bytes(long count) {
        bytes += count;
        bar.setExtraMessage(message());
    }

    @Override
    public void runFinished(String label, String outcome) {
        bar.step();
        if (outcome.startsWith("failed")) System.err.println(label + ": " + outcome);
    }

    private String message() {
        return String.format("%,d points, %s  %s", points, humanBytes(bytes), label);
    }

    private static String humanBytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format("%.1f KiB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format("%.1f MiB", bytes / 1048576.0);
        return String.format("%.2f GiB", bytes / 1073741824.0);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}

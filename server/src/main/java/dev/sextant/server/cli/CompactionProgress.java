package dev.sextant.server.cli;

import dev.sextant.server.store.UnsealedSeries;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of {@code sextant compact}: a bar of points on a terminal, else a line at every tenth of them. */
interface CompactionProgress extends AutoCloseable {

    /** One more series is sealed; {@code sealedPoints} so far. */
    void sealed(UnsealedSeries series, long sealedPoints);

    @Override
    void close();

    static CompactionProgress forConsole(long totalPoints, int totalSeries) {
        return System.console() != null ? new Bar(totalPoints) : new Lines(System.out, totalPoints, totalSeries);
    }

    /** A bar on the terminal (me.tongfei:progressbar), as imports draw one. */
    final class Bar implements CompactionProgress {
        private final ProgressBar bar;

        Bar(long totalPoints) {
            bar = new ProgressBarBuilder().setTaskName("sealing").setInitialMax(totalPoints).setUnit(" points", 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250).continuousUpdate().build();
        }

        @Override
        public void sealed(UnsealedSeries series, long sealedPoints) {
            bar.stepTo(sealedPoints);
            bar.setExtraMessage("run " + series.runId() + " " + series.key());
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** Plain lines for logs and pipes. */
    final class Lines implements CompactionProgress {
        private final PrintStream out;
        private final long totalPoints;
        private final int totalSeries;
        private int series;
        private long nextLineAt;

        Lines(PrintStream out, long totalPoints, int totalSeries) {
            this.out = out;
            this.totalPoints = totalPoints;
            this.totalSeries = totalSeries;
        }

        @Override
        public void sealed(UnsealedSeries one, long sealedPoints) {
            series++;
            if (sealedPoints < nextLineAt && series < totalSeries) return;
            out.printf("[%d/%d series] %,d of %,d points sealed%n", series, totalSeries, sealedPoints, totalPoints);
            out.flush();
            nextLineAt = sealedPoints + Math.max(1, totalPoints / 10);
        }

        @Override
        public void close() { }
    }
}

package dev.sextant.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of a process (Linux /proc), in all and per kind of thread (names with their numbers taken off:
 * "sextant-db-writer", "JettyServerThreadPool", "C2 CompilerThread", "GC Thread"…). On a shared machine the
 * throughput of a run depends on what else runs; the CPU a request costs much less so, which makes it the
 * figure to compare between runs. Ticks are 1/100 s.
 */
record Cpu(double totalSeconds, Map<String, Double> byThread) {
    private static final double TICK = 0.01;
    static final String WRITER_THREAD = "sextant-db-writ"; // the kernel keeps 15 characters of a thread name

    static Cpu of(long pid) throws IOException {
        double total = ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * TICK;
        var byThread = new TreeMap<String, Double>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (var task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[-#]?\\d+$", "").trim();
                byThread.merge(name, ticks(stat) * TICK, Double::sum);
            }
        }
        return new Cpu(total, byThread);
    }

    double writerSeconds() {
        return byThread.getOrDefault(WRITER_THREAD, 0.0);
    }

    /** The CPU used between {@code earlier} and this (threads that ended meanwhile are not counted per kind). */
    Cpu since(Cpu earlier) {
        var delta = new TreeMap<String, Double>();
        byThread.forEach((name, seconds) -> delta.put(name, seconds - earlier.byThread.getOrDefault(name, 0.0)));
        return new Cpu(totalSeconds - earlier.totalSeconds, delta);
    }

    /** The biggest consumers, e.g. "JettyServerThreadPool 4.1 s, sextant-db-writ 2.0 s, C2 CompilerThread 0.9 s". */
    String top(int count) {
        var text = new StringBuilder();
        byThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(count)
                .forEach(e -> text.append(text.length() == 0 ? "" : ", ").append(String.format("%s %.1f s", e.getKey(), e.getValue())));
        return text.toString();
    }

    /** utime + stime: fields 14 and 15, counted after the command name's closing parenthesis. */
    private static long ticks(String stat) {
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}

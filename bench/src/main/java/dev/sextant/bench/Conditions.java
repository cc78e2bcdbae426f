package dev.sextant.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** What the machine was doing while a figure was taken: benchmarks print it beside every result. */
final class Conditions {
    private Conditions() {}

    static String now() {
        String load;
        try {
            var fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            load = fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            load = "unknown";
        }
        return String.format("%s, %d cores, load average %s, Java %s",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(), load, System.getProperty("java.version"));
    }
}

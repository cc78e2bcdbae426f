package dev.sextant.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Samples the machine in the background and logs {@code system/*} series: CPU % (machine and process),
 * process RSS, system memory, and per-GPU utilisation and memory when {@code nvidia-smi} is on the PATH.
 * The step of each sample is its index (0, 1, 2, ...).
 */
final class SystemMetrics implements AutoCloseable {
    private static final double MB = 1024.0 * 1024.0;

    private final ScheduledExecutorService scheduler;
    private final BiConsumer<Map<String, Double>, Long> sink;
    private final com.sun.management.OperatingSystemMXBean os;
    private final Path nvidiaSmi;
    private long step;

    private SystemMetrics(String runId, Duration interval, BiConsumer<Map<String, Double>, Long> sink) {
        this.sink = sink;
        var bean = ManagementFactory.getOperatingSystemMXBean();
        this.os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
        this.nvidiaSmi = findOnPath("nvidia-smi");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "sextant-system-metrics-" + runId.substring(0, 8));
            thread.setDaemon(true);
            return thread;
        });
        // The first CPU load reading is meaningless (no previous sample), so start one interval in.
        scheduler.scheduleAtFixedRate(this::sampleQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sampling every {@code interval}; returns null when the interval is zero (sampling off). */
    static SystemMetrics start(String runId, Duration interval, BiConsumer<Map<String, Double>, Long> sink) {
        if (interval.isZero()) return null;
        return new SystemMetrics(runId, interval, sink);
    }

    /** One sample of everything available now. */
    Map<String, Double> sample() {
        var values = new LinkedHashMap<String, Double>();
        if (os != null) {
            putIfValid(values, "system/cpu_percent", os.getCpuLoad() * 100);
            putIfValid(values, "system/process_cpu_percent", os.getProcessCpuLoad() * 100);
            long total = os.getTotalMemorySize();
            long free = os.getFreeMemorySize();
            long available = availableMemoryBytes().orElse(free);
            values.put("system/memory_used_mb", (total - available) / MB);
            if (total > 0) values.put("system/memory_percent", 100.0 * (total - available) / total);
        }
        processRssBytes().ifPresent(rss -> values.put("system/process_rss_mb", rss / MB));
        if (nvidiaSmi != null) values.putAll(gpuSample());
        return values;
    }

    private void sampleQuietly() {
        try {
            var values = sample();
            if (!values.isEmpty()) sink.accept(values, step++);
        } catch (RuntimeException e) {
            // A failed sample must never take down training; the next one may work.
            System.getLogger("dev.sextant.client").log(System.Logger.Level.DEBUG, "system metrics sample failed", e);
        }
    }

    private static void putIfValid(Map<String, Double> values, String key, double value) {
        if (value >= 0 && !Double.isNaN(value)) values.put(key, value);
    }

    private static java.util.OptionalLong processRssBytes() {
        return procField(Path.of("/proc/self/status"), "VmRSS:");
    }

    private static java.util.OptionalLong availableMemoryBytes() {
        return procField(Path.of("/proc/meminfo"), "MemAvailable:");
    }

    /** A "Name:   123 kB" line of a /proc file, in bytes; empty where /proc does not exist. */
    private static java.util.OptionalLong procField(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return java.util.OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.empty();
    }

    private Map<String, Double> gpuSample() {
        var values = new LinkedHashMap<String, Double>();
        try {
            var process = new ProcessBuilder(nvidiaSmi.toString(),
                    "--query-gpu=utilization.gpu,memory.used,memory.total", "--format=csv,noheader,nounits")
                    .redirectErrorStream(true).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return values;
            }
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int gpu = 0; gpu < lines.size(); gpu++) {
                String[] fields = lines.get(gpu).split(",");
                if (fields.length < 3) continue;
                values.put("system/gpu" + gpu + "/utilization_percent", Double.parseDouble(fields[0].trim()));
                values.put("system/gpu" + gpu + "/memory_used_mb", Double.parseDouble(fields[1].trim()));
                values.put("system/gpu" + gpu + "/memory_total_mb", Double.parseDouble(fields[2].trim()));
            }
        } catch (IOException | NumberFormatException e) {
            return values;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    private static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

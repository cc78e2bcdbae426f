package dev.sextant.bench;

import dev.sextant.server.support.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The real server from {@code server/target/sextant.jar} in its own JVM, with the heap cap the issue asks for
 * (-Xmx256m unless {@code -Dbench.heap=...}) and a GC log, so a benchmark can report the peak heap it needed.
 */
final class SextantProcess implements AutoCloseable {
    static final String HEAP = System.getProperty("bench.heap", "256m");
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final Process process;
    private final int port;
    private final Path work;

    private SextantProcess(Process process, int port, Path work) {
        this.process = process;
        this.port = port;
        this.work = work;
    }

    /** @param database null for the embedded SQLite file, else a URL such as {@code postgresql://…} */
    static SextantProcess start(Path work, String database, String... extraArgs) throws Exception {
        Files.createDirectories(work);
        int port = Ports.freePort();
        var jar = Path.of(System.getProperty("bench.jar", "server/target/sextant.jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing; build with bench/run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + work.resolve("gc.log")));
        // Extra server JVM flags, e.g. -Dbench.serverJvmArgs=-XX:StartFlightRecording=filename=/tmp/s.jfr for a profile.
        var extraJvm = System.getProperty("bench.serverJvmArgs", "").trim();
        if (!extraJvm.isEmpty()) command.addAll(List.of(extraJvm.split("\\s+")));
        command.addAll(List.of("-jar", jar.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", work.resolve("data").toString()));
        if (database != null) command.addAll(List.of("--db", database));
        command.addAll(List.of(extraArgs));
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile()).start();
        var server = new SextantProcess(process, port, work);
        try {
            server.awaitHealthy();
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Highest heap occupancy any GC found (MB), and the highest live set a GC left behind (MB). */
    HeapPeak heapPeak() throws IOException {
        double before = 0;
        double after = 0;
        for (var line : Files.readAllLines(work.resolve("gc.log"))) {
            var match = GC_LINE.matcher(line);
            if (!match.find()) continue;
            before = Math.max(before, mb(match.group(1), match.group(2)));
            // G1's Remark and Cleanup pauses free nothing (their "after" is their "before"): not a live set.
            if (!line.contains("Pause Remark") && !line.contains("Pause Cleanup")) after = Math.max(after, mb(match.group(3), match.group(4)));
        }
        return new HeapPeak(before, after);
    }

    /** CPU seconds the server process has used so far, in all and in its database writer thread. */
    Cpu cpu() throws IOException {
        return Cpu.of(process.pid());
    }

    record HeapPeak(double usedMb, double liveMb) {
        @Override
        public String toString() {
            return String.format("peak heap %.0f MB used (at a GC), %.0f MB live after a GC, of -Xmx%s", usedMb, liveMb, HEAP);
        }
    }

    private static double mb(String number, String unit) {
        double value = Double.parseDouble(number);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (var http = new HttpConnection(url())) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) throw new IllegalStateException("server exited; see " + work.resolve("server.log"));
                try {
                    if (http.get("/health").status() == 200) return;
                } catch (IOException e) {
                    Thread.sleep(200);
                }
            }
        }
        close();
        throw new IllegalStateException("server did not become healthy in 120 s; see " + work.resolve("server.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}

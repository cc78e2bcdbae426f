package dev.sextant.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Sextant server as a separate JVM (the test classpath, its own heap cap) on 127.0.0.1 and a free port:
 * for proofs about memory use, and for SIGKILL/SIGTERM, after which {@link #startAgain} brings it back on the
 * same port and data folder. Data lives in {@code work/data}; every start appends to {@code work/server.log}.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);

    private final List<String> command;
    private final Map<String, String> env;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private Process process;

    private ServerProcess(List<String> command, Map<String, String> env, int port, Path dataDir, Path log) {
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** A server with a 512 MiB heap and the given extra command-line arguments. */
    public static ServerProcess start(Path work, String... args) throws Exception {
        return start(work, "512m", Map.of(), args);
    }

    public static ServerProcess start(Path work, String maxHeap, Map<String, String> env, String... args) throws Exception {
        return start(work, maxHeap, List.of(), env, args);
    }

    /** As above, with extra JVM options (before the main class). */
    public static ServerProcess start(Path work, String maxHeap, List<String> jvmOptions, Map<String, String> env, String... args)
            throws Exception {
        Files.createDirectories(work);
        int port = Ports.freePort();
        Path dataDir = work.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.sextant.server.Main",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        var server = new ServerProcess(command, env, port, dataDir, work.resolve("server.log"));
        server.startAgain();
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The folder passed as --data-dir: the SQLite file and local artifacts. */
    public Path dataDir() {
        return dataDir;
    }

    /** Everything the server has printed, over every start. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Starts the same command again (after {@link #kill} or {@link #terminate}) and waits until it is healthy. */
    public void startAgain() throws Exception {
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        awaitHealthy();
    }

    /** SIGKILL: no shutdown hook, no flush, exactly like a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as a service manager stops it: waits for the process to exit and returns its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException("server did not exit within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    private void awaitHealthy() throws Exception {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + log());
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException("server did not become healthy within " + HEALTHY_WITHIN + ":\n" + log());
    }

    /** SIGTERM, then SIGKILL if it has not exited within 20 s. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) kill();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

package dev.sextant.server.sdk;

import dev.sextant.server.support.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real server in a separate JVM on 127.0.0.1, so a test can SIGKILL it and start it again on the same
 * port and data folder.
 */
public final class ServerProcess implements AutoCloseable {
    private final int port;
    private final Path dataDir;
    private Process process;

    private ServerProcess(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    public static ServerProcess start(Path dataDir) throws Exception {
        var server = new ServerProcess(Ports.freePort(), dataDir);
        server.startAgain();
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void startAgain() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.sextant.server.Main", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
                .start();
        awaitHealthy(Duration.ofSeconds(60));
    }

    /** SIGKILL: no shutdown hook, no flush, exactly like a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as a service manager stops it: waits for the process to exit and returns its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException("server did not exit within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var request = HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("server exited early; see " + dataDir.resolve("server.log"));
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("server did not become healthy within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) kill();
        }
    }
}

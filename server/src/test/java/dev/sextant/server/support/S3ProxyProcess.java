package dev.sextant.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for tests: S3Proxy 4.1.0 (filesystem backend, SigV4 checked) in its own JVM
 * on 127.0.0.1 and a free port. Its classpath is written at build time by the testing/s3proxy module; a
 * missing classpath fails the tests, it never skips them. One instance is shared by the whole test JVM.
 */
public final class S3ProxyProcess {
    public static final String ACCESS_KEY = "sextant-test";
    public static final String SECRET_KEY = "sextant-test-secret-key";

    private static S3ProxyProcess shared;

    private final Process process;
    private final int port;

    private S3ProxyProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized S3ProxyProcess shared() {
        if (shared == null) {
            shared = start();
            var process = shared.process;
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "s3proxy-stop"));
        }
        return shared;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private static S3ProxyProcess start() {
        try {
            String classpath = Files.readString(classpathFile()).strip();
            Path work = Files.createTempDirectory("sextant-s3proxy");
            Path data = Files.createDirectories(work.resolve("data"));
            int port = Ports.freePort();
            Path properties = work.resolve("s3proxy.conf");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.identity=x",
                    "jclouds.credential=x",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            // S3Proxy ships no logback.xml and would log every request at DEBUG.
            Path logback = work.resolve("logback.xml");
            Files.writeString(logback, """
                    <configuration>
                      <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
                        <target>System.err</target>
                        <encoder><pattern>s3proxy %level %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="err"/></root>
                    </configuration>
                    """);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var process = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dlogback.configurationFile=" + logback,
                    "-cp", classpath, "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("s3proxy.log").toFile())
                    .start();
            waitForPort(process, port, work.resolve("s3proxy.log"));
            return new S3ProxyProcess(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path classpathFile() {
        String configured = System.getProperty("s3proxy.classpath.file");
        Path file = configured != null ? Path.of(configured) : Path.of("../testing/s3proxy/target/s3proxy.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("S3Proxy classpath file " + file.toAbsolutePath() + " is missing: build with "
                    + "'./mvnw verify' (or '-pl server -am'), which writes it in the testing/s3proxy module");
        }
        return file;
    }

    static void waitForPort(Process process, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
        process.destroy();
        throw new IllegalStateException("S3Proxy did not open port " + port + " within 60 s:\n" + Files.readString(log));
    }
}

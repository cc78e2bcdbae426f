package dev.sextant.server.store.postgres;

import dev.sextant.server.support.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests and benchmarks: initdb in a temp folder, started with pg_ctl on
 * a free port on 127.0.0.1, stopped and deleted when the JVM exits. It uses the server binaries of
 * Debian's postgresql package (.ci/run installs it), needs no running service, and fails loudly when
 * they are missing. As root it runs the server as the postgres user, because initdb refuses root.
 */
public final class PostgresCluster {
    public static final String USER = "sextant";
    public static final String PASSWORD = "sextant-test-pw";
    private static final String ADMIN_PASSWORD = "admin-test-pw";

    private static PostgresCluster shared;

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;
    private final boolean kept;
    private final AtomicInteger databases = new AtomicInteger();
    private String serverOptions;

    private PostgresCluster(Path binDir, Path dataDir, int port, boolean asPostgresUser, boolean kept) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.kept = kept;
    }

    /** One cluster per JVM, started on first use; tuned for speed (fsync off), so for tests only. */
    public static synchronized PostgresCluster shared() {
        if (shared == null) shared = start(false);
        return shared;
    }

    /** A new cluster; {@code durable} keeps PostgreSQL's default fsync and synchronous_commit (benchmarks). */
    public static PostgresCluster start(boolean durable) {
        var binDir = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            var dataDir = Files.createTempDirectory("sextant-pg-");
            var cluster = new PostgresCluster(binDir, dataDir, Ports.freePort(), root, false);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "sextant-pg-stop"));
            cluster.initAndStart(durable);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a PostgreSQL data folder", e);
        }
    }

    /**
     * A durable cluster in {@code folder} that outlives the JVM (stopped, not deleted, at exit), so a benchmark can
     * seed once and measure many times: the first call creates it, later calls start it again on a new port.
     */
    public static PostgresCluster kept(Path folder) {
        var binDir = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Files.createDirectories(folder);
            var cluster = new PostgresCluster(binDir, folder.toAbsolutePath(), Ports.freePort(), root, true);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "sextant-pg-stop"));
            if (Files.isDirectory(folder.resolve("data"))) {
                if (root) cluster.run(List.of("chown", "-R", "postgres:postgres", folder.toString()), false);
                cluster.serverOptions = options(cluster.port, cluster.dataDir, true);
                cluster.resume();
            } else {
                cluster.initAndStart(true);
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL folder " + folder, e);
        }
    }

    /** The database {@code name} as a postgresql:// URL, created (owned by {@link #USER}) when it does not exist yet. */
    public String database(String name) {
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", ADMIN_PASSWORD);
             var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            if (!statement.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name + " OWNER " + USER);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + name;
    }

    /** A new empty database owned by {@link #USER}, as a postgresql:// URL the server accepts. */
    public String createDatabase() {
        String name = "sextant_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", ADMIN_PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + name;
    }

    public int port() {
        return port;
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void initAndStart(boolean durable) throws IOException {
        var passwordFile = dataDir.resolve("pwfile");
        var pgData = dataDir.resolve("data");
        Files.writeString(passwordFile, ADMIN_PASSWORD + "\n");
        if (asPostgresUser) run(List.of("chown", "-R", "postgres:postgres", dataDir.toString()), false);
        run(List.of(binDir.resolve("initdb").toString(), "-D", pgData.toString(), "-U", "postgres",
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), true);
        serverOptions = options(port, dataDir, durable);
        resume();
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", ADMIN_PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test role", e);
        }
    }

    private static String options(int port, Path dataDir, boolean durable) {
        var options = new StringBuilder("-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1"
                + " -c max_connections=200 -c shared_buffers=128MB");
        if (!durable) options.append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        return options.toString();
    }

    /** Stops the server as an outage would (connections are cut), keeping its data; {@link #resume} starts it again. */
    public void pause() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", "fast", "-w", "stop"), true);
    }

    /** Starts the server on the same port with the same data. */
    public void resume() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-l", dataDir.resolve("log").toString(),
                "-w", "-t", "60", "-o", serverOptions, "start"), true);
    }

    private void stop() {
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(),
                    "-m", kept ? "fast" : "immediate", "-w", "stop"), true);
        } catch (RuntimeException e) {
            // The server may never have started; the folder is removed either way.
        }
        if (kept) return;
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temp folder is harmless.
        }
    }

    private void run(List<String> command, boolean asServerUser) {
        var full = new ArrayList<String>();
        if (asServerUser && asPostgresUser) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(command);
        try {
            var process = new ProcessBuilder(full).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", full) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + full.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findBinaries() {
        var configured = System.getenv("SEXTANT_PG_BIN");
        if (configured != null) return Path.of(configured);
        var root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql "
                            + "(install Debian's postgresql package, as .ci/run does, or set SEXTANT_PG_BIN)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

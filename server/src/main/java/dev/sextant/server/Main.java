package dev.sextant.server;

import dev.sextant.server.store.StoreFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The sextant command: with no subcommand it runs the server with embedded defaults. */
@Command(name = "sextant", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Self-hosted experiment tracking server.")
public final class Main implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "${env:SEXTANT_HOST:-127.0.0.1}",
            description = "Address to listen on (env SEXTANT_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:SEXTANT_PORT:-5055}",
            description = "Port to listen on (env SEXTANT_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "${env:SEXTANT_DATA_DIR:-sextant-data}",
            description = "Folder for the embedded database and artifacts (env SEXTANT_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db", defaultValue = "${env:SEXTANT_DB}",
            description = "Database: a file path, sqlite:PATH or a JDBC URL (env SEXTANT_DB, default DATA_DIR/sextant.db).")
    String database;

    @Option(names = "--artifacts", defaultValue = "${env:SEXTANT_ARTIFACTS}",
            description = "Artifact root: a folder or s3://bucket/prefix (env SEXTANT_ARTIFACTS, default DATA_DIR/artifacts).")
    String artifacts;

    @Override
    public Integer call() throws InterruptedException {
        var absoluteDataDir = dataDir.toAbsolutePath().normalize();
        var defaults = ServerConfig.embedded(host, port, absoluteDataDir);
        var config = new ServerConfig(host, port, absoluteDataDir,
                database != null ? database : defaults.database(),
                artifacts != null ? artifacts : defaults.artifacts(),
                ServerConfig.DEFAULT_MAX_REQUEST_BYTES);
        var server = Server.start(config);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sextant-shutdown"));
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/";
        System.out.println("Sextant " + Server.version() + " is running.");
        System.out.println("  UI and API:  " + url);
        System.out.println("  metadata:    " + StoreFactory.describe(config.database()));
        System.out.println("  artifacts:   " + config.artifacts());
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sextant " + Server.version()};
        }
    }
}

package dev.sextant.server.cli;

import dev.sextant.client.Sextant;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant sync}: uploads runs spooled by the Java SDK (offline runs, or runs the server missed). */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Upload runs spooled by the SDK (offline mode, or while the server was unreachable).")
public final class SyncCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "${env:SEXTANT_URL:-http://127.0.0.1:5055}",
            description = "Server to upload to (env SEXTANT_URL, default ${DEFAULT-VALUE}).")
    String url;

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "A spool folder of runs, or one run's folder (default: env SEXTANT_SPOOL_DIR or ~/.sextant/spool).")
    Path dir;

    @Override
    public Integer call() {
        try (Sextant sextant = Sextant.builder().url(url).build()) {
            Path spool = dir != null ? dir : sextant.options().spoolDir();
            var result = sextant.sync(spool);
            System.out.println("Synced " + result.runsSynced().size() + " run(s) from " + spool + " to " + url
                    + " (" + result.pointsSent() + " metric points).");
            if (!result.runsSkipped().isEmpty()) {
                System.out.println("Skipped (in use by a running process): " + String.join(", ", result.runsSkipped()));
            }
            if (result.eventsRejected() > 0) {
                System.out.println(result.eventsRejected() + " request(s) were rejected by the server; see dead-letter.jsonl"
                        + " in each run's folder.");
            }
            result.problems().forEach(problem -> System.err.println("Not synced: " + problem));
            return result.complete() ? 0 : 1;
        }
    }
}

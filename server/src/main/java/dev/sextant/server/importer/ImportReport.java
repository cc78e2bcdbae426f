package dev.sextant.server.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did, what it left out and why. Sources and the importer add to it as they go; one import uses it
 * from one thread.
 */
public final class ImportReport {
    private long experimentsCreated;
    private long runsImported;
    private long runsAlreadyImported;
    private long pointsWritten;
    private long pointsAlreadyStored;
    private long artifactsWritten;
    private long artifactsAlreadyStored;
    private long bytesWritten;
    private final Map<String, Skip> skipped = new LinkedHashMap<>();
    private final List<String> renamedRuns = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** One reason something was left out: how often, and the first thing it happened to. */
    public record Skip(String reason, long count, String example) {}

    /** Records that {@code example} (a key, a file, a record) was not imported, for {@code reason}. */
    public void skip(String reason, String example) {
        skipped.merge(reason, new Skip(reason, 1, example), (old, added) -> new Skip(reason, old.count() + 1, old.example()));
    }

    void experimentCreated() {
        experimentsCreated++;
    }

    void runImported() {
        runsImported++;
    }

    void runAlreadyImported() {
        runsAlreadyImported++;
    }

    void points(long written, long alreadyStored) {
        pointsWritten += written;
        pointsAlreadyStored += alreadyStored;
    }

    void artifactWritten(long bytes) {
        artifactsWritten++;
        bytesWritten += bytes;
    }

    void artifactAlreadyStored() {
        artifactsAlreadyStored++;
    }

    void runRenamed(String line) {
        renamedRuns.add(line);
    }

    void failed(String line) {
        failures.add(line);
    }

    public long experimentsCreated() { return experimentsCreated; }
    public long runsImported() { return runsImported; }
    public long runsAlreadyImported() { return runsAlreadyImported; }
    public long pointsWritten() { return pointsWritten; }
    public long pointsAlreadyStored() { return pointsAlreadyStored; }
    public long artifactsWritten() { return artifactsWritten; }
    public long artifactsAlreadyStored() { return artifactsAlreadyStored; }
    public long bytesWritten() { return bytesWritten; }
    public List<Skip> skipped() { return List.copyOf(skipped.values()); }
    public List<String> renamedRuns() { return List.copyOf(renamedRuns); }
    public List<String> failures() { return List.copyOf(failures); }

    /** The closing summary, one line each. */
    public List<String> summary() {
        var lines = new ArrayList<String>();
        lines.add(String.format("Imported %d run(s) (%d already imported before), %d experiment(s) created.",
                runsImported, runsAlreadyImported, experimentsCreated));
        lines.add(String.format("Metric points: %d written, %d already stored. Files: %d written (%d bytes), %d already stored.",
                pointsWritten, pointsAlreadyStored, artifactsWritten, bytesWritten, artifactsAlreadyStored));
        if (!renamedRuns.isEmpty()) {
            lines.add("Run ids that were taken, so the runs got new ids (also stored as tag sextant.import.source_id):");
            renamedRuns.forEach(line -> lines.add("  " + line));
        }
        if (!skipped.isEmpty()) {
            lines.add("Not imported:");
            skipped.values().forEach(skip -> lines.add("  " + skip.count() + " × " + skip.reason() + " (e.g. " + skip.example() + ")"));
        }
        if (!failures.isEmpty()) {
            lines.add("Failed (run the import again to retry them):");
            failures.forEach(line -> lines.add("  " + line));
        }
        return lines;
    }
}

package dev.sextant.server.importer.tensorboard;

import dev.sextant.server.importer.ImportReport;
import dev.sextant.server.importer.ImportSource;
import dev.sextant.server.importer.SourceArtifact;
import dev.sextant.server.importer.SourceExperiment;
import dev.sextant.server.importer.SourceRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A TensorBoard log folder: every {@code events.out.tfevents.*} file under it, one run per folder holding event files
 * (named by its path below the log folder, as TensorBoard names runs), all in one experiment. A run's identity is
 * its folder's absolute path; its fingerprint is its event files' names and sizes, so a run whose files grew is read
 * again on the next import.
 */
public final class TensorboardLogs implements ImportSource {
    private final Path root;
    private final String experiment;

    public TensorboardLogs(Path root, String experiment) {
        this.root = root.toAbsolutePath().normalize();
        this.experiment = experiment != null ? experiment : this.root.getFileName().toString();
    }

    @Override
    public String kind() {
        return "tensorboard";
    }

    @Override
    public String describe() {
        return "TensorBoard logs " + root;
    }

    @Override
    public List<SourceExperiment> experiments(ImportReport report) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException("no folder " + root);
        var byFolder = new TreeMap<Path, List<Path>>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().contains("tfevents"))
                    .sorted().forEach(file -> byFolder.computeIfAbsent(file.getParent(), folder -> new ArrayList<>()).add(file));
        }
        var runs = new ArrayList<SourceRun>();
        for (var entry : byFolder.entrySet()) runs.add(run(entry.getKey(), entry.getValue(), report));
        return List.of(new SourceExperiment(root.toString(), experiment, "", Map.of(), false, runs));
    }

    private SourceRun run(Path folder, List<Path> files, ImportReport report) throws IOException {
        var events = new EventFileRun(files);
        var summary = events.read(null, null);
        String relative = root.relativize(folder).toString().replace(java.io.File.separatorChar, '/');
        String name = relative.isEmpty() ? root.getFileName().toString() : relative;
        var fingerprint = new StringBuilder();
        for (Path file : files) fingerprint.append(file.getFileName()).append(':').append(Files.size(file)).append(';');
        long start = Math.max(0, summary.firstWallTimeMs);
        Long end = summary.endTimeMs != null ? summary.endTimeMs : summary.lastWallTimeMs >= 0 ? summary.lastWallTimeMs : null;
        return new SourceRun(folder.toString(), null, name, summary.status, start, end, null, null, null, false,
                summary.hparams, Map.of("tensorboard.run", name), List.of(), sha256(fingerprint.toString()),
                (sink, r) -> events.read(sink, r), r -> texts(summary.texts));
    }

    /** Each text summary tag as one file, text/TAG.txt, its entries in logging order. */
    private static List<SourceArtifact> texts(Map<String, List<String>> texts) {
        var files = new ArrayList<SourceArtifact>();
        texts.forEach((tag, entries) -> {
            byte[] bytes = (String.join("\n\n", entries) + "\n").getBytes(StandardCharsets.UTF_8);
            files.add(new SourceArtifact("text/" + tag + ".txt", bytes.length, sha256(bytes), () -> new ByteArrayInputStream(bytes)));
        });
        return files;
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

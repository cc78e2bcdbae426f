package dev.sextant.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only spool of one run: {@code <dir>/events.jsonl}, one {@link SpoolEvent} per line in the
 * order it was made, and {@code <dir>/replayed-bytes}, how much of it the server has acknowledged.
 * Replaying re-sends from that mark, so a crash mid-replay re-sends at most one event, which the server's
 * idempotent writes absorb. Rejected events go to {@code dead-letter.jsonl}. Artifacts are copied to
 * {@code files/} so the spool does not depend on the caller's file staying put. One process owns a spool
 * at a time (a file lock); the directory is created on the first append.
 */
final class Spool implements Closeable {
    static final String EVENTS = "events.jsonl";
    static final String REPLAYED = "replayed-bytes";
    static final String DEAD_LETTER = "dead-letter.jsonl";

    private final Path dir;
    private final ObjectMapper mapper;
    private FileChannel events;
    private FileChannel lockChannel;
    private FileLock lock;
    private long appendedBytes;
    private long replayedBytes;
    private int copiedFiles;

    Spool(Path dir, ObjectMapper mapper) {
        this.dir = dir;
        this.mapper = mapper;
    }

    Path dir() {
        return dir;
    }

    /** Opens an existing spool (for sync), taking its lock; empty when another process holds it. */
    static java.util.Optional<Spool> openExisting(Path dir, ObjectMapper mapper) throws IOException {
        var spool = new Spool(dir, mapper);
        if (!spool.tryOpen()) return java.util.Optional.empty();
        return java.util.Optional.of(spool);
    }

    private boolean tryOpen() throws IOException {
        if (events != null) return true;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            return false;
        }
        events = FileChannel.open(dir.resolve(EVENTS), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        appendedBytes = events.size();
        replayedBytes = readReplayedMark();
        return true;
    }

    private void open() throws IOException {
        if (!tryOpen()) throw new IOException("spool " + dir + " is in use by another process");
    }

    /** Appends one event as one line; returns only after the line is written to the file. */
    void append(SpoolEvent event) throws IOException {
        open();
        if (event.op() == SpoolEvent.Op.LOG_ARTIFACT && !event.file().startsWith(dir)) {
            event = event.withFile(copyIntoSpool(event.file()));
        }
        byte[] line = encode(event);
        var buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) events.write(buffer, appendedBytes + buffer.position());
        appendedBytes += line.length;
    }

    boolean hasPending() {
        return replayedBytes < appendedBytes;
    }

    long pendingBytes() {
        return appendedBytes - replayedBytes;
    }

    /** The events not yet acknowledged, each with the file position just after it. A torn last line is ignored. */
    List<Entry> pending(int maxEvents) throws IOException {
        if (events == null) return List.of();
        var entries = new ArrayList<Entry>();
        long position = replayedBytes;
        try (var channel = FileChannel.open(dir.resolve(EVENTS), StandardOpenOption.READ);
             InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(position)), 1 << 16)) {
            var line = new ByteArrayOutputStream();
            int b;
            while (entries.size() < maxEvents && (b = in.read()) != -1) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                position += line.size() + 1;
                entries.add(new Entry(decode(line.toByteArray()), position));
                line.reset();
            }
        }
        return entries;
    }

    /** Marks everything up to {@code position} as accepted by the server; a drained spool is emptied. */
    void acknowledge(long position) throws IOException {
        replayedBytes = position;
        if (replayedBytes >= appendedBytes) {
            events.truncate(0);
            appendedBytes = 0;
            replayedBytes = 0;
            deleteCopiedFiles();
        }
        Files.writeString(dir.resolve(REPLAYED), Long.toString(replayedBytes));
    }

    void deadLetter(SpoolEvent event, String reason) throws IOException {
        open();
        var node = mapper.createObjectNode();
        node.put("reason", reason);
        node.set("event", mapper.readTree(encode(event)));
        Files.write(dir.resolve(DEAD_LETTER), (mapper.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    byte[] encode(SpoolEvent event) {
        var node = mapper.createObjectNode();
        node.put("op", event.op().wireName);
        node.put("run_id", event.runId());
        if (event.artifactPath() != null) node.put("artifact_path", event.artifactPath());
        if (event.file() != null) node.put("file", event.file().toAbsolutePath().toString());
        if (event.points() > 0) node.put("points", event.points());
        try {
            // The body is already JSON: splice it in rather than parse and re-write it.
            byte[] header = mapper.writeValueAsBytes(node);
            var line = new ByteArrayOutputStream(header.length + event.body().length + 16);
            line.write(header, 0, header.length - 1);
            if (event.body().length > 0) {
                line.write(",\"body\":".getBytes(StandardCharsets.UTF_8));
                line.write(event.body());
            }
            line.write('}');
            line.write('\n');
            return line.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SpoolEvent decode(byte[] line) throws IOException {
        JsonNode node = mapper.readTree(line);
        var op = SpoolEvent.Op.fromWire(node.path("op").asText());
        byte[] body = node.has("body") ? mapper.writeValueAsBytes(node.get("body")) : new byte[0];
        String artifactPath = node.hasNonNull("artifact_path") ? node.get("artifact_path").asText() : null;
        Path file = node.hasNonNull("file") ? Path.of(node.get("file").asText()) : null;
        return new SpoolEvent(op, node.path("run_id").asText(), body, artifactPath, file, node.path("points").asInt(0));
    }

    private Path copyIntoSpool(Path file) throws IOException {
        Path files = Files.createDirectories(dir.resolve("files"));
        Path copy = files.resolve((copiedFiles++) + "-" + System.nanoTime() + "-" + file.getFileName());
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private void deleteCopiedFiles() throws IOException {
        Path files = dir.resolve("files");
        if (!Files.isDirectory(files)) return;
        try (var stream = Files.list(files)) {
            for (Path file : (Iterable<Path>) stream::iterator) Files.deleteIfExists(file);
        }
    }

    private long readReplayedMark() throws IOException {
        Path mark = dir.resolve(REPLAYED);
        if (!Files.exists(mark)) return 0;
        String text = Files.readString(mark).trim();
        return text.isEmpty() ? 0 : Math.min(Long.parseLong(text), appendedBytes);
    }

    /** Removes the spool's own files once drained; the dead-letter file, if any, stays for a human. */
    void deleteIfDrained() throws IOException {
        if (hasPending() || events == null) return;
        close();
        Files.deleteIfExists(dir.resolve(EVENTS));
        Files.deleteIfExists(dir.resolve(REPLAYED));
        Files.deleteIfExists(dir.resolve("files"));
        Files.deleteIfExists(dir.resolve(".lock"));
        if (!Files.exists(dir.resolve(DEAD_LETTER))) Files.deleteIfExists(dir);
    }

    @Override
    public void close() throws IOException {
        if (events != null) events.close();
        if (lock != null) lock.release();
        if (lockChannel != null) lockChannel.close();
        events = null;
        lock = null;
        lockChannel = null;
    }

    /** A spooled event and the file position just after its line. */
    record Entry(SpoolEvent event, long endPosition) {}
}

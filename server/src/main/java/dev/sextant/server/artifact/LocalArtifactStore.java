package dev.sextant.server.artifact;

import dev.sextant.server.error.SextantException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Artifacts in a local folder. A put writes a temporary file under {@code ROOT/.partial/}, fsyncs it and
 * moves it into place atomically, so a reader never sees half a file. Every path is checked twice: lexically
 * (an {@link ArtifactPath} cannot climb) and by real path, so a symlink planted inside the root cannot lead out.
 */
public final class LocalArtifactStore implements ArtifactStore {
    /** Temporary uploads live here, on the same file system as their destination. */
    static final String PARTIAL_FOLDER = ".partial";

    private final Path root;

    public LocalArtifactStore(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            Files.createDirectories(this.root.resolve(PARTIAL_FOLDER));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the artifact folder " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every upload's temporary file in {@code ROOT/.partial/} belongs to a put of this process, and a put deletes its
     * own however it ends; so at start-up the ones there were left by a killed process. A local folder serves one
     * server process (several replicas share S3, not a folder), so none of them is another server's upload.
     */
    @Override
    public int removeAbandonedUploads() throws IOException {
        int removed = 0;
        try (var files = Files.newDirectoryStream(root.resolve(PARTIAL_FOLDER), "*.partial")) {
            for (var file : files) {
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) removed++;
            }
        }
        return removed;
    }

    @Override
    public StoredObject put(ArtifactPath key, InputStream content, long sizeBytes, String contentType) throws IOException {
        Path target = inside(key);
        requireInsideRoot(target.getParent());
        Path partial = root.resolve(PARTIAL_FOLDER).resolve(UUID.randomUUID() + ".partial");
        try {
            var hashing = new HashingInputStream(content);
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                hashing.transferTo(out);
                out.flush();
                channel.force(true);
            }
            if (sizeBytes != UNKNOWN_LENGTH && hashing.count() != sizeBytes) {
                throw new IOException("expected " + sizeBytes + " bytes for " + key + ", got " + hashing.count());
            }
            // Folders only once the bytes are all here: a refused or broken upload leaves no empty folder behind.
            try {
                Files.createDirectories(target.getParent());
                requireInsideRoot(target.getParent());
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (AccessDeniedException e) {
                throw e;
            } catch (FileSystemException e) {
                // Checked by the caller beforehand; only a concurrent write gets here: a file where one of our folders
                // goes, a folder (not empty) where our file goes, or our folder removed by a concurrent delete.
                throw SextantException.invalidState("cannot write artifact '" + key + "': a concurrent write or delete"
                        + " made a file of one of its folders, a folder of it, or removed its folder; nothing was stored");
            }
            syncFolder(target.getParent());
            return hashing.result();
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public Optional<InputStream> open(ArtifactPath key, long offset, long length) throws IOException {
        return open(key, offset, length, -1);
    }

    /** The size is checked on the open channel: a file replaced after that (a new inode) no longer matters. */
    @Override
    public Optional<InputStream> open(ArtifactPath key, long offset, long length, long expectedSize) throws IOException {
        Path file = inside(key);
        if (!Files.isRegularFile(file)) return Optional.empty();
        requireInsideRoot(file);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long size = channel.size();
        if (expectedSize >= 0 && size != expectedSize) {
            channel.close();
            throw SextantException.invalidState("artifact '" + key + "' was replaced by a concurrent upload while being read"
                    + " (" + size + " bytes instead of " + expectedSize + "); try again");
        }
        channel.position(offset);
        InputStream in = Channels.newInputStream(channel);
        return Optional.of(length < 0 ? in : new RangeInputStream(in, length));
    }

    @Override
    public void delete(ArtifactPath key) throws IOException {
        Path file = inside(key);
        if (Files.isDirectory(file)) return;
        Files.deleteIfExists(file);
        pruneEmptyFolders(file.getParent());
    }

    @Override
    public void deletePrefix(ArtifactPath prefix) throws IOException {
        Path folder = inside(prefix);
        if (!Files.isDirectory(folder)) return;
        requireInsideRoot(folder);
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        }
        pruneEmptyFolders(folder.getParent());
    }

    @Override
    public List<ArtifactPath> list(ArtifactPath prefix) throws IOException {
        Path folder = inside(prefix);
        if (!Files.isDirectory(folder)) return List.of();
        requireInsideRoot(folder);
        var keys = new ArrayList<ArtifactPath>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                var relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                keys.add(ArtifactPath.of(relative));
            });
        }
        keys.sort(Comparator.comparing(ArtifactPath::value));
        return keys;
    }

    @Override
    public String uri(ArtifactPath key) {
        return root.resolve(key.value()).toUri().toString();
    }

    @Override
    public void checkReachable() throws IOException {
        var partial = root.resolve(PARTIAL_FOLDER);
        if (!Files.isDirectory(partial) || !Files.isWritable(partial)) {
            throw new IOException("the artifact folder " + root + " is missing or not writable");
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void close() {}

    /** The file for {@code key}: lexically below the root, and never in the temporary-upload folder. */
    private Path inside(ArtifactPath key) {
        if (key.value().equals(PARTIAL_FOLDER) || key.value().startsWith(PARTIAL_FOLDER + "/")) {
            throw SextantException.invalid("artifact path '" + key + "' is reserved");
        }
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw SextantException.invalid("artifact path '" + key + "' is outside the artifact root");
        }
        return path;
    }

    /** The real path (symlinks followed) of an existing path, or of its nearest existing ancestor, is below the root. */
    /**
     * The nearest existing ancestor (or the path itself) must resolve inside the root. One that vanishes while this
     * looks (a concurrent delete removes the file and prunes its empty folders) is passed over like a missing one,
     * rather than failing the request with NoSuchFileException (a 500 seen by a download racing a delete).
     */
    private void requireInsideRoot(Path path) throws IOException {
        for (Path existing = path; existing != null; existing = existing.getParent()) {
            Path real;
            try {
                real = existing.toRealPath();
            } catch (NoSuchFileException e) {
                continue;
            }
            if (real.startsWith(root)) return;
            break;
        }
        throw SextantException.invalid("artifact path leads outside the artifact root");
    }

    private void pruneEmptyFolders(Path folder) throws IOException {
        Path current = folder;
        while (current != null && current.startsWith(root) && !current.equals(root)) {
            try {
                Files.deleteIfExists(current);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
            current = current.getParent();
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the file itself is already durable.
        }
    }
}

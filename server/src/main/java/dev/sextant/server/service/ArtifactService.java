package dev.sextant.server.service;

import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.artifact.ArtifactStore;
import dev.sextant.server.artifact.ContentTypes;
import dev.sextant.server.artifact.StoredObject;
import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.domain.ArtifactListing;
import dev.sextant.server.domain.LifecycleStage;
import dev.sextant.server.domain.Run;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.TrackingStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The rules for run files. Bytes live in the {@link ArtifactStore} under {@code RUN_ID/PATH}; the tracking
 * store keeps the index. Writes need an active run; reads work on deleted runs too, whose files stay until
 * {@link #purge}. The index row is written after the bytes, so a listed file is always readable.
 */
public final class ArtifactService {
    private final TrackingStore store;
    private final ArtifactStore files;
    private final Clock clock;
    private final long maxArtifactBytes;
    private final RunFileLocks locks = new RunFileLocks();

    public ArtifactService(TrackingStore store, ArtifactStore files, Clock clock, Limits limits) {
        this.store = store;
        this.files = files;
        this.clock = clock;
        this.maxArtifactBytes = limits.maxArtifactBytes();
    }

    /** Where a run's files live, recorded as the run's artifact_uri. */
    public String runRootUri(String runId) {
        return files.uri(ArtifactPath.of(runId));
    }

    /**
     * Streams an upload into the store and indexes it. {@code sizeBytes} is -1 when unknown; the body is
     * cut off as soon as it passes the size limit. An existing file at the path is replaced.
     */
    public ArtifactFile put(String runId, ArtifactPath path, InputStream body, long sizeBytes, String contentTypeHeader) {
        requireActive(getRun(runId));
        try (var held = locks.upload(runId)) {
            return store(runId, path, body, sizeBytes, contentTypeHeader);
        }
    }

    private ArtifactFile store(String runId, ArtifactPath path, InputStream body, long sizeBytes, String contentTypeHeader) {
        if (sizeBytes > maxArtifactBytes) throw tooLarge(sizeBytes);
        store.findArtifactConflict(runId, path.value()).ifPresent(reason -> {
            throw SextantException.invalid("cannot write artifact '" + path + "': " + reason);
        });
        String contentType = ContentTypes.forUpload(contentTypeHeader, path.fileName());
        var upload = new CappedInputStream(body, maxArtifactBytes, "max-artifact-size");
        var key = key(runId, path);
        StoredObject stored;
        try {
            stored = files.put(key, upload, sizeBytes, contentType);
        } catch (IOException e) {
            if (upload.tooLarge()) throw tooLarge(upload.count());
            if (upload.clientFailed()) {
                throw new SextantException(ErrorCode.BAD_REQUEST, "the upload of '" + path + "' was interrupted after "
                        + upload.count() + " bytes; nothing was stored");
            }
            throw new UncheckedIOException(e);
        }
        var file = new ArtifactFile(path.value(), stored.sizeBytes(), stored.sha256(), contentType, clock.millis());
        try {
            store.recordArtifact(runId, file);
        } catch (RuntimeException e) {
            deleteQuietly(key, e);
            throw e;
        }
        return file;
    }

    /** The index entry of one file; works on deleted runs. */
    public ArtifactFile get(String runId, ArtifactPath path) {
        getRun(runId);
        return store.findArtifact(runId, path.value()).orElseThrow(() -> SextantException.notFound("artifact", path));
    }

    /** The bytes of an indexed file from {@code offset}, {@code length} of them or all when negative. */
    public InputStream open(String runId, ArtifactFile file, long offset, long length) {
        try {
            // The index row goes before the bytes on delete, so bytes missing now were deleted after the row was read.
            return files.open(key(runId, ArtifactPath.of(file.path())), offset, length, file.sizeBytes()).orElseThrow(() ->
                    new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "artifact '" + file.path()
                            + "' was deleted while being read"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One folder level of a run ("" = top); from the index only. */
    public ArtifactListing list(String runId, String folder) {
        getRun(runId);
        String normalized = folder == null ? "" : folder.replaceAll("/+$", "");
        if (!normalized.isEmpty()) ArtifactPath.of(normalized);
        return store.listArtifacts(runId, normalized);
    }

    /**
     * Deletes a file, or with {@code recursive} every file under a folder; returns how many files went.
     * The index goes first, so a failure can leave unreferenced bytes but never a listed file without bytes.
     */
    public int delete(String runId, ArtifactPath path, boolean recursive) {
        requireActive(getRun(runId));
        try (var held = locks.removal(runId)) {
            if (store.deleteArtifact(runId, path.value())) {
                files.delete(key(runId, path));
                return 1;
            }
            if (store.listArtifactFiles(runId, path.value()).isEmpty()) throw SextantException.notFound("artifact", path);
            if (!recursive) {
                throw SextantException.invalid("'" + path + "' is a folder; pass recursive=true to delete it and everything in it");
            }
            int deleted = store.deleteArtifacts(runId, path.value());
            files.deletePrefix(key(runId, path));
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of a run, at any depth, sorted by path; works on deleted runs. */
    public List<ArtifactFile> allFiles(String runId) {
        getRun(runId);
        return store.listArtifactFiles(runId, "");
    }

    /** Streams {@code files} of the run as one zip whose entry names are the artifact paths. */
    public void writeZip(String runId, List<ArtifactFile> files, OutputStream out) throws IOException {
        var zip = new ZipOutputStream(out);
        // Checkpoints barely compress; the fastest level keeps a zip download close to disk speed.
        zip.setLevel(1);
        for (var file : files) {
            // A file deleted since the listing is left out; one replaced meanwhile is zipped as it is now (zip entries
            // carry their size after the data, so nothing promised goes wrong).
            var bytes = this.files.open(key(runId, ArtifactPath.of(file.path())), 0, -1);
            if (bytes.isEmpty()) continue;
            var entry = new ZipEntry(file.path());
            entry.setTime(file.modifiedTimeMs());
            zip.putNextEntry(entry);
            try (var in = bytes.get()) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /** Hard-deletes all files of a deleted run, from the index and from the store. The run's metadata stays. */
    public int purge(String runId) {
        getRun(runId);
        try (var held = locks.removal(runId)) {
            int removed = store.purgeArtifacts(runId);
            files.deletePrefix(ArtifactPath.of(runId));
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Run getRun(String runId) {
        if (!InputRules.isRunId(runId)) throw SextantException.notFound("run", runId == null || runId.length() <= 64 ? runId : runId.substring(0, 64) + "...");
        return store.findRun(runId).orElseThrow(() -> SextantException.notFound("run", runId));
    }

    private static void requireActive(Run run) {
        if (run.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw SextantException.invalid("run '" + run.runId() + "' is deleted; restore it before writing to it");
        }
    }

    private static ArtifactPath key(String runId, ArtifactPath path) {
        return ArtifactPath.of(runId).resolve(path);
    }

    private SextantException tooLarge(long bytes) {
        return new SextantException(ErrorCode.REQUEST_TOO_LARGE, "artifact of at least " + bytes + " bytes exceeds the limit of "
                + maxArtifactBytes + " bytes");
    }

    private void deleteQuietly(ArtifactPath key, RuntimeException cause) {
        try {
            files.delete(key);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}

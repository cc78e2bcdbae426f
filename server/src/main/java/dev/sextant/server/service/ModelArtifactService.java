package dev.sextant.server.service;

import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.artifact.ArtifactStore;
import dev.sextant.server.artifact.ContentTypes;
import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.domain.ArtifactListing;
import dev.sextant.server.error.ErrorCode;
import dev.sextant.server.error.SextantException;
import dev.sextant.server.store.LoggedModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * The files of logged models. Bytes live in the {@link ArtifactStore} under {@code models/MODEL_ID/PATH} (run files
 * live under their 32-hex run id, so the two never meet); the logged-model store keeps the index. Writes need a
 * model that is not deleted; the index row is written after the bytes, so a listed file is always readable.
 */
public final class ModelArtifactService {
    private final LoggedModelService models;
    private final LoggedModelStore store;
    private final ArtifactStore files;
    private final Clock clock;
    private final long maxArtifactBytes;

    public ModelArtifactService(LoggedModelService models, LoggedModelStore store, ArtifactStore files, Clock clock,
                                Limits limits) {
        this.models = models;
        this.store = store;
        this.files = files;
        this.clock = clock;
        this.maxArtifactBytes = limits.maxArtifactBytes();
    }

    /** Streams an upload into the store and indexes it; an existing file at the path is replaced. */
    public ArtifactFile put(String modelId, ArtifactPath path, InputStream body, long sizeBytes, String contentTypeHeader) {
        models.get(modelId);
        if (sizeBytes > maxArtifactBytes) throw tooLarge(sizeBytes);
        var contentType = ContentTypes.forUpload(contentTypeHeader, path.fileName());
        var upload = new CappedInputStream(body, maxArtifactBytes, "max-artifact-size");
        try {
            var stored = files.put(key(modelId, path), upload, sizeBytes, contentType);
            var file = new ArtifactFile(path.value(), stored.sizeBytes(), stored.sha256(), contentType, clock.millis());
            store.recordModelArtifact(modelId, file);
            return file;
        } catch (IOException e) {
            if (upload.tooLarge()) throw tooLarge(upload.count());
            if (upload.clientFailed()) {
                throw new SextantException(ErrorCode.BAD_REQUEST, "the upload of '" + path + "' was interrupted after "
                        + upload.count() + " bytes; nothing was stored");
            }
            throw new UncheckedIOException(e);
        }
    }

    /** The index entry of one file; works on deleted models. */
    public ArtifactFile get(String modelId, ArtifactPath path) {
        models.get(modelId, true);
        return store.findModelArtifact(modelId, path.value()).orElseThrow(() -> SextantException.notFound("artifact", path));
    }

    /** The bytes of an indexed file from {@code offset}, {@code length} of them (-1 = to the end). */
    public InputStream open(String modelId, ArtifactFile file, long offset, long length) {
        try {
            // The index row goes before the bytes on delete, so bytes missing now were deleted after the row was read.
            return files.open(key(modelId, ArtifactPath.of(file.path())), offset, length, file.sizeBytes()).orElseThrow(() ->
                    new SextantException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "artifact '" + file.path()
                            + "' was deleted while being read"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One folder level of a model ("" = top), from the index only. */
    public ArtifactListing list(String modelId, String folder) {
        models.get(modelId, true);
        var normalized = folder == null ? "" : folder.replaceAll("/+$", "");
        if (!normalized.isEmpty()) ArtifactPath.of(normalized);
        return store.listModelArtifacts(modelId, normalized);
    }

    private static ArtifactPath key(String modelId, ArtifactPath path) {
        return ArtifactPath.of("models").resolve(ArtifactPath.of(modelId)).resolve(path);
    }

    private SextantException tooLarge(long bytes) {
        return new SextantException(ErrorCode.REQUEST_TOO_LARGE, "artifact of at least " + bytes + " bytes exceeds the limit of "
                + maxArtifactBytes + " bytes");
    }
}

package dev.sextant.server.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where artifact bytes live: a local folder or an S3 bucket. Keys are {@link ArtifactPath}s relative to the
 * store's root, so nothing can address a file outside it. Implementations are safe to call from many threads.
 * A put is all-or-nothing: readers see the old file or the new one, never a partial one.
 */
public interface ArtifactStore extends AutoCloseable {

    /** Unknown length for {@link #put}. */
    long UNKNOWN_LENGTH = -1;

    /**
     * Streams {@code content} to {@code key}, replacing any file there. {@code sizeBytes} may be
     * {@link #UNKNOWN_LENGTH}; when known, a stream of another length fails. The stream is not closed.
     */
    StoredObject put(ArtifactPath key, InputStream content, long sizeBytes, String contentType) throws IOException;

    /**
     * The bytes of {@code key} from {@code offset}, at most {@code length} of them (or to the end when
     * {@code length} is negative); empty when there is no such file. The caller closes the stream.
     */
    Optional<InputStream> open(ArtifactPath key, long offset, long length) throws IOException;

    /**
     * As above for a file the index says is {@code expectedSize} bytes long. A store that can tell, once the file is
     * open, that it was since replaced by one of another size (a concurrent upload) refuses with a 409 rather than
     * sending bytes that do not match the Content-Length already promised.
     */
    default Optional<InputStream> open(ArtifactPath key, long offset, long length, long expectedSize) throws IOException {
        return open(key, offset, length);
    }

    /** Deletes one file; deleting a missing file is not an error. */
    void delete(ArtifactPath key) throws IOException;

    /** Deletes every file under the folder {@code prefix}. */
    void deletePrefix(ArtifactPath prefix) throws IOException;

    /**
     * Keys of the files under the folder {@code prefix}, sorted. This walks the store: it is for purge and
     * checks, never for user listings, which come from the index.
     */
    List<ArtifactPath> list(ArtifactPath prefix) throws IOException;

    /** A URI naming {@code key} in this store, e.g. {@code s3://bucket/prefix/key} or {@code file:///root/key}. */
    String uri(ArtifactPath key);

    /**
     * Returns when the store can be used now: the folder is there and writable, or the bucket answers. Throws
     * otherwise, with a message that holds no secret. It may block as long as the store's own timeouts allow.
     */
    void checkReachable() throws IOException;

    /**
     * Removes what uploads left behind when a process was killed in the middle of them, and returns how many it
     * removed. Called once as the server starts, before it takes requests; it never touches a stored file.
     */
    default int removeAbandonedUploads() throws IOException {
        return 0;
    }

    /** The store's root, for the start-up banner; never contains a secret. */
    String describe();

    @Override
    void close();
}

package dev.sextant.server.metrics;

import dev.sextant.server.artifact.ArtifactPath;
import dev.sextant.server.artifact.ArtifactStore;
import dev.sextant.server.artifact.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** An artifact store that counts the bytes stored into it and the bytes read out of it; otherwise it delegates. */
final class MeteredArtifactStore implements ArtifactStore {
    private final ArtifactStore files;
    private final Counter bytesIn;
    private final Counter bytesOut;

    MeteredArtifactStore(ArtifactStore files, MeterRegistry registry) {
        this.files = files;
        this.bytesIn = counter(registry, "in", "Artifact bytes stored (uploads of runs' and models' files)");
        this.bytesOut = counter(registry, "out", "Artifact bytes read from the store (downloads, zips, previews)");
    }

    private static Counter counter(MeterRegistry registry, String direction, String description) {
        return Counter.builder("sextant.artifact.bytes").baseUnit("bytes").tag("direction", direction)
                .description(description).register(registry);
    }

    @Override
    public StoredObject put(ArtifactPath key, InputStream content, long sizeBytes, String contentType) throws IOException {
        var stored = files.put(key, content, sizeBytes, contentType);
        bytesIn.increment(stored.sizeBytes());
        return stored;
    }

    @Override
    public Optional<InputStream> open(ArtifactPath key, long offset, long length) throws IOException {
        return files.open(key, offset, length).map(CountingStream::new);
    }

    @Override
    public Optional<InputStream> open(ArtifactPath key, long offset, long length, long expectedSize) throws IOException {
        return files.open(key, offset, length, expectedSize).map(CountingStream::new);
    }

    @Override
    public void delete(ArtifactPath key) throws IOException {
        files.delete(key);
    }

    @Override
    public void deletePrefix(ArtifactPath prefix) throws IOException {
        files.deletePrefix(prefix);
    }

    @Override
    public List<ArtifactPath> list(ArtifactPath prefix) throws IOException {
        return files.list(prefix);
    }

    @Override
    public String uri(ArtifactPath key) {
        return files.uri(key);
    }

    @Override
    public void checkReachable() throws IOException {
        files.checkReachable();
    }

    @Override
    public int removeAbandonedUploads() throws IOException {
        return files.removeAbandonedUploads();
    }

    @Override
    public String describe() {
        return files.describe();
    }

    @Override
    public void close() {
        files.close();
    }

    /** Counts as it is read, so a download cut short counts what was actually read. */
    private final class CountingStream extends FilterInputStream {
        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) bytesOut.increment();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) bytesOut.increment(n);
            return n;
        }
    }
}

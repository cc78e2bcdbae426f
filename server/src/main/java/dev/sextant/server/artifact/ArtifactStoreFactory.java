package dev.sextant.server.artifact;

import java.net.URI;
import java.nio.file.Path;

/** Picks the artifact store from the setting: {@code s3://bucket/prefix} or a folder (also {@code file:///...}). */
public final class ArtifactStoreFactory {
    private ArtifactStoreFactory() {}

    public static ArtifactStore open(String artifacts, S3Settings s3) {
        if (artifacts.startsWith("s3://")) {
            var rest = artifacts.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) throw new IllegalArgumentException("the artifact setting '" + artifacts + "' names no bucket");
            if (!prefix.isEmpty()) ArtifactPath.of(prefix.replaceAll("/+$", ""));
            return new S3ArtifactStore(bucket, prefix, s3);
        }
        if (artifacts.startsWith("file:")) return new LocalArtifactStore(Path.of(URI.create(artifacts)));
        if (artifacts.matches("[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            throw new IllegalArgumentException("unsupported artifact store '" + artifacts + "': use a folder or s3://bucket/prefix");
        }
        return new LocalArtifactStore(Path.of(artifacts));
    }
}

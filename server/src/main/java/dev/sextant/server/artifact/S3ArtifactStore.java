package dev.sextant.server.artifact;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.DeleteRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Artifacts in an S3-compatible bucket through the MinIO SDK, under an optional key prefix. Uploads of
 * unknown or large size go up as multipart in parts of {@link S3Settings#partSizeBytes()}, so memory use is
 * bounded by part size times parallel uploads, whatever the file size. S3 makes each put atomic.
 */
public final class S3ArtifactStore implements ArtifactStore {
    private static final int DELETE_BATCH = 1000;

    private final MinioClient client;
    private final String bucket;
    private final String prefix;
    private final S3Settings settings;

    /** Connects and creates the bucket when it is missing (and the credentials allow it). */
    public S3ArtifactStore(String bucket, String prefix, S3Settings settings) {
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        this.settings = settings;
        var builder = MinioClient.builder()
                .endpoint(settings.endpoint() == null ? "https://s3.amazonaws.com" : settings.endpoint())
                .region(settings.region() == null ? "us-east-1" : settings.region());
        if (settings.accessKey() != null && settings.secretKey() != null) {
            builder.credentials(settings.accessKey(), settings.secretKey());
        }
        this.client = builder.build();
        if (settings.pathStyle() != null) {
            if (settings.pathStyle()) client.disableVirtualStyleEndpoint();
            else client.enableVirtualStyleEndpoint();
        }
        createBucketWhenMissing();
    }

    private void createBucketWhenMissing() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (MinioException e) {
            throw new IllegalStateException("cannot reach or create the S3 bucket '" + bucket + "' at "
                    + settings.endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredObject put(ArtifactPath key, InputStream content, long sizeBytes, String contentType) throws IOException {
        var hashing = new HashingInputStream(content);
        String object = objectName(key);
        try {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(object)
                    .stream(hashing, sizeBytes == UNKNOWN_LENGTH ? null : sizeBytes, settings.partSizeBytes())
                    .parallelUploads(settings.parallelUploads())
                    .contentType(contentType)
                    .build());
        } catch (MinioException e) {
            throw new IOException("S3 upload of '" + object + "' failed: " + e.getMessage(), e);
        }
        if (sizeBytes != UNKNOWN_LENGTH && hashing.read() >= 0) {
            delete(key);
            throw new IOException("expected " + sizeBytes + " bytes for " + key + ", got more");
        }
        return hashing.result();
    }

    @Override
    public Optional<InputStream> open(ArtifactPath key, long offset, long length) throws IOException {
        var args = GetObjectArgs.builder().bucket(bucket).object(objectName(key));
        if (offset > 0 || length >= 0) args.offset(offset);
        if (length >= 0) args.length(length);
        try {
            return Optional.of(client.getObject(args.build()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) return Optional.empty();
            throw new IOException("S3 download of '" + key + "' failed: " + e.getMessage(), e);
        } catch (MinioException e) {
            throw new IOException("S3 download of '" + key + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(ArtifactPath key) throws IOException {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(objectName(key)).build());
        } catch (MinioException e) {
            throw new IOException("S3 delete of '" + key + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deletePrefix(ArtifactPath folder) throws IOException {
        var batch = new ArrayList<DeleteRequest.Object>();
        for (var key : list(folder)) {
            batch.add(new DeleteRequest.Object(objectName(key)));
            if (batch.size() == DELETE_BATCH) removeAll(batch);
        }
        removeAll(batch);
    }

    private void removeAll(List<DeleteRequest.Object> batch) throws IOException {
        if (batch.isEmpty()) return;
        try {
            // removeObjects is lazy: the requests are only sent while its results are read.
            for (var result : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket).objects(List.copyOf(batch)).build())) {
                var error = result.get();
                throw new IOException("S3 delete of '" + error.objectName() + "' failed: " + error.message());
            }
        } catch (MinioException e) {
            throw new IOException("S3 batch delete failed: " + e.getMessage(), e);
        }
        batch.clear();
    }

    @Override
    public List<ArtifactPath> list(ArtifactPath folder) throws IOException {
        String folderPrefix = objectName(folder) + "/";
        var keys = new ArrayList<ArtifactPath>();
        try {
            for (var result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(folderPrefix).recursive(true).build())) {
                var item = result.get();
                if (item.isDir()) continue;
                keys.add(ArtifactPath.of(prefix.isEmpty() ? item.objectName() : item.objectName().substring(prefix.length() + 1)));
            }
        } catch (MinioException e) {
            throw new IOException("S3 listing of '" + folder + "' failed: " + e.getMessage(), e);
        }
        return keys;
    }

    @Override
    public String uri(ArtifactPath key) {
        return "s3://" + bucket + "/" + objectName(key);
    }

    @Override
    public void checkReachable() throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                throw new IOException("the S3 bucket '" + bucket + "' does not exist");
            }
        } catch (MinioException e) {
            throw new IOException("the S3 bucket '" + bucket + "' does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
                + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // Closing only releases idle HTTP connections.
        }
    }

    private String objectName(ArtifactPath key) {
        return prefix.isEmpty() ? key.value() : prefix + "/" + key.value();
    }
}

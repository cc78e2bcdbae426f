package dev.sextant.server.artifact;

/**
 * How to reach an S3-compatible store. {@code endpoint} null means AWS; {@code region} null means
 * us-east-1; {@code pathStyle} null means path-style for a custom endpoint and virtual-host style for AWS.
 * Keys may be null for anonymous access. {@link #toString()} never shows the secret.
 */
public record S3Settings(String endpoint, String region, Boolean pathStyle, String accessKey, String secretKey,
                         long partSizeBytes, int parallelUploads) {
    public static final long DEFAULT_PART_SIZE_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_PARALLEL_UPLOADS = 2;

    public static S3Settings of(String endpoint, String region, Boolean pathStyle, String accessKey, String secretKey) {
        return new S3Settings(endpoint, region, pathStyle, accessKey, secretKey, DEFAULT_PART_SIZE_BYTES, DEFAULT_PARALLEL_UPLOADS);
    }

    public static S3Settings none() {
        return of(null, null, null, null, null);
    }

    public S3Settings withPartSize(long bytes) {
        return new S3Settings(endpoint, region, pathStyle, accessKey, secretKey, bytes, parallelUploads);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? "null" : "***") + "]";
    }
}

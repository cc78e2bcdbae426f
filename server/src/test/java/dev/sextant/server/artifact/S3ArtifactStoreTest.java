package dev.sextant.server.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.support.S3ProxyProcess;
import java.io.ByteArrayInputStream;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract against a real S3 server (S3Proxy on 127.0.0.1, SigV4 checked), each test under a fresh prefix. */
class S3ArtifactStoreTest extends ArtifactStoreContract {
    private static final String bucket = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "some/prefix-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    protected ArtifactStore newStore(long partSizeBytes) {
        var s3 = S3ProxyProcess.shared();
        return new S3ArtifactStore(bucket, prefix, S3Settings.of(s3.endpoint(), "us-east-1", true,
                S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY).withPartSize(partSizeBytes));
    }

    @Test
    void the_bucket_is_created_when_missing_and_keys_sit_under_the_prefix() throws Exception {
        store.put(key("run/a.txt"), new ByteArrayInputStream("a".getBytes()), 1, "text/plain");
        assertThat(store.uri(key("run/a.txt"))).isEqualTo("s3://" + bucket + "/" + prefix + "/run/a.txt");
        var s3 = S3ProxyProcess.shared();
        try (var unprefixed = new S3ArtifactStore(bucket, "", S3Settings.of(s3.endpoint(), null, true,
                S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY))) {
            assertThat(unprefixed.list(key(prefix + "/run"))).extracting(ArtifactPath::value)
                    .containsExactly(prefix + "/run/a.txt");
        }
    }

    @Test
    void a_wrong_secret_is_refused_by_the_server() {
        var s3 = S3ProxyProcess.shared();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new S3ArtifactStore("other-" + bucket, "",
                S3Settings.of(s3.endpoint(), null, true, S3ProxyProcess.ACCESS_KEY, "wrong-secret")))
                .isInstanceOf(IllegalStateException.class);
    }
}

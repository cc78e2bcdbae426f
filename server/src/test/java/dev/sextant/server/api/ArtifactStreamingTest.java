package dev.sextant.server.api;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 200 MB through a 256 MB-heap server to S3: part of every build. The 1 GiB proof is {@link ArtifactStreamingLargeTest}. */
class ArtifactStreamingTest {
    @TempDir
    Path temp;

    @Test
    void a_200_mb_file_streams_through_a_server_with_a_256_mb_heap() throws Exception {
        StreamingProof.run(temp, 200L * 1024 * 1024);
    }
}

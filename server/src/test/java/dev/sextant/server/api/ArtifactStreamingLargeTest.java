package dev.sextant.server.api;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 1 GiB proof; slow on a shared 2-core machine, so it runs with {@code -Dgroups=large}. */
@Tag("large")
class ArtifactStreamingLargeTest {
    @TempDir
    Path temp;

    @Test
    void a_1_gib_file_streams_through_a_server_with_a_256_mb_heap() throws Exception {
        StreamingProof.run(temp, 1024L * 1024 * 1024);
    }
}

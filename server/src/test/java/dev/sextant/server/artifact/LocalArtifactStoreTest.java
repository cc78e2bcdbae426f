package dev.sextant.server.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.server.error.SextantException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest extends ArtifactStoreContract {
    @TempDir
    Path temp;

    @Override
    protected ArtifactStore newStore(long partSizeBytes) throws IOException {
        return new LocalArtifactStore(Files.createDirectories(temp.resolve("root")));
    }

    @Test
    void a_symlink_inside_the_root_cannot_lead_outside() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(temp.resolve("root/escape"), outside);
        assertThatThrownBy(() -> store.put(key("escape/x.txt"), new ByteArrayInputStream("x".getBytes()), 1, "text/plain"))
                .isInstanceOf(SextantException.class);
        assertThatThrownBy(() -> store.put(key("escape/new/x.txt"), new ByteArrayInputStream("x".getBytes()), 1, "text/plain"))
                .isInstanceOf(SextantException.class);
        Files.writeString(outside.resolve("secret.txt"), "secret");
        assertThatThrownBy(() -> store.open(key("escape/secret.txt"), 0, -1)).isInstanceOf(SextantException.class);
        try (var files = Files.list(outside)) {
            assertThat(files).containsExactly(outside.resolve("secret.txt"));
        }
    }

    @Test
    void no_temporary_file_is_left_after_a_put() throws Exception {
        store.put(key("run/a.txt"), new ByteArrayInputStream("a".getBytes()), 1, "text/plain");
        try (var partial = Files.list(temp.resolve("root").resolve(LocalArtifactStore.PARTIAL_FOLDER))) {
            assertThat(partial).isEmpty();
        }
    }
}

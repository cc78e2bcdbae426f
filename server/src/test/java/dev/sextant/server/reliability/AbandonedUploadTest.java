package dev.sextant.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.Server;
import dev.sextant.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed mid-upload leaves its temporary file behind; the next start removes it and nothing else. */
class AbandonedUploadTest {
    @TempDir
    Path dataDir;

    @Test
    void the_server_removes_upload_leftovers_at_start_and_touches_no_other_file() throws IOException {
        var artifacts = Files.createDirectories(dataDir.resolve("artifacts"));
        var partials = Files.createDirectories(artifacts.resolve(".partial"));
        var orphan = Files.writeString(partials.resolve("6f1c2a9e-0d4b-4c1e-9a37-2b8f5e7d1c00.partial"), "half an upl");
        var kept = new TreeMap<Path, String>();
        kept.put(Files.writeString(Files.createDirectories(artifacts.resolve("0123456789abcdef0123456789abcdef/model"))
                .resolve("weights.partial"), "a user's file that happens to end in .partial"), null);
        kept.put(Files.writeString(artifacts.resolve("0123456789abcdef0123456789abcdef/notes.txt"), "notes"), null);
        kept.put(Files.writeString(partials.resolve("README"), "not an upload"), null);
        var old = FileTime.fromMillis(1_000_000_000_000L);
        for (var file : kept.keySet()) {
            Files.setLastModifiedTime(file, old);
            kept.put(file, Files.readString(file));
        }

        var server = Server.start(ServerConfig.embedded("127.0.0.1", 0, dataDir));
        try {
            assertThat(orphan).doesNotExist();
            assertThat(filesUnder(artifacts)).isEqualTo(kept);
            for (var file : kept.keySet()) assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
            assertThat(partials).isDirectory();
        } finally {
            server.close();
        }
    }

    private static Map<Path, String> filesUnder(Path root) throws IOException {
        var files = new TreeMap<Path, String>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (var file : walk.filter(Files::isRegularFile).toList()) files.put(file, Files.readString(file));
        }
        return files;
    }
}

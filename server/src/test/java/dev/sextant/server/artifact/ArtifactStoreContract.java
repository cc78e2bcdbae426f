package dev.sextant.server.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every artifact store does; subclasses only supply the store. */
abstract class ArtifactStoreContract {
    protected ArtifactStore store;

    /** A fresh, empty store; {@code partSizeBytes} matters only to stores that upload in parts. */
    protected abstract ArtifactStore newStore(long partSizeBytes) throws IOException;

    @BeforeEach
    void open() throws IOException {
        store = newStore(S3Settings.DEFAULT_PART_SIZE_BYTES);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static ArtifactPath key(String path) {
        return ArtifactPath.of(path);
    }

    static byte[] randomBytes(int size, long seed) {
        var bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    byte[] read(String path, long offset, long length) throws IOException {
        try (InputStream in = store.open(key(path), offset, length).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_file_put_with_its_length_reads_back_with_size_and_sha256() throws Exception {
        var bytes = randomBytes(100_000, 1);
        var stored = store.put(key("run/plots/loss.png"), new ByteArrayInputStream(bytes), bytes.length, "image/png");
        assertThat(stored.sizeBytes()).isEqualTo(bytes.length);
        assertThat(stored.sha256()).isEqualTo(sha256(bytes));
        assertThat(read("run/plots/loss.png", 0, -1)).isEqualTo(bytes);
    }

    @Test
    void a_stream_of_unknown_length_is_stored_whole() throws Exception {
        var bytes = randomBytes(300_000, 2);
        var stored = store.put(key("run/log.txt"), new ByteArrayInputStream(bytes), ArtifactStore.UNKNOWN_LENGTH, "text/plain");
        assertThat(stored.sizeBytes()).isEqualTo(bytes.length);
        assertThat(read("run/log.txt", 0, -1)).isEqualTo(bytes);
    }

    @Test
    void an_empty_file_is_a_file() throws Exception {
        var stored = store.put(key("run/empty"), new ByteArrayInputStream(new byte[0]), 0, "text/plain");
        assertThat(stored.sizeBytes()).isZero();
        assertThat(stored.sha256()).isEqualTo(sha256(new byte[0]));
        assertThat(read("run/empty", 0, -1)).isEmpty();
    }

    @Test
    void a_put_replaces_the_previous_content() throws Exception {
        store.put(key("run/a"), new ByteArrayInputStream("first".getBytes()), 5, "text/plain");
        store.put(key("run/a"), new ByteArrayInputStream("second!".getBytes()), 7, "text/plain");
        assertThat(read("run/a", 0, -1)).isEqualTo("second!".getBytes());
    }

    @Test
    void a_range_reads_exactly_those_bytes() throws Exception {
        var bytes = randomBytes(50_000, 3);
        store.put(key("run/model.bin"), new ByteArrayInputStream(bytes), bytes.length, ContentTypes.OCTET_STREAM);
        assertThat(read("run/model.bin", 1000, 2000)).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1000, 3000));
        assertThat(read("run/model.bin", 49_990, -1)).isEqualTo(java.util.Arrays.copyOfRange(bytes, 49_990, 50_000));
        assertThat(read("run/model.bin", 0, 1)).containsExactly(bytes[0]);
    }

    @Test
    void a_missing_file_opens_as_empty() throws Exception {
        assertThat(store.open(key("run/nothing-here"), 0, -1)).isEmpty();
    }

    @Test
    void listing_walks_only_below_the_folder() throws Exception {
        for (var path : List.of("r1/a.txt", "r1/sub/b.txt", "r1/sub/deeper/c.txt", "r10/x.txt", "r2/y.txt")) {
            store.put(key(path), new ByteArrayInputStream(path.getBytes()), path.length(), "text/plain");
        }
        assertThat(store.list(key("r1"))).extracting(ArtifactPath::value)
                .containsExactly("r1/a.txt", "r1/sub/b.txt", "r1/sub/deeper/c.txt");
        assertThat(store.list(key("r1/sub"))).extracting(ArtifactPath::value).containsExactly("r1/sub/b.txt", "r1/sub/deeper/c.txt");
        assertThat(store.list(key("nobody"))).isEmpty();
    }

    @Test
    void delete_removes_one_file_and_tolerates_a_missing_one() throws Exception {
        store.put(key("run/a"), new ByteArrayInputStream("a".getBytes()), 1, "text/plain");
        store.put(key("run/b"), new ByteArrayInputStream("b".getBytes()), 1, "text/plain");
        store.delete(key("run/a"));
        store.delete(key("run/never-was"));
        assertThat(store.open(key("run/a"), 0, -1)).isEmpty();
        assertThat(store.list(key("run"))).extracting(ArtifactPath::value).containsExactly("run/b");
    }

    @Test
    void prefix_delete_removes_the_folder_and_nothing_beside_it() throws Exception {
        for (var path : List.of("r1/a", "r1/sub/b", "r10/c", "r2/d")) {
            store.put(key(path), new ByteArrayInputStream(path.getBytes()), path.length(), "text/plain");
        }
        store.deletePrefix(key("r1"));
        assertThat(store.list(key("r1"))).isEmpty();
        assertThat(store.list(key("r10"))).extracting(ArtifactPath::value).containsExactly("r10/c");
        assertThat(store.list(key("r2"))).extracting(ArtifactPath::value).containsExactly("r2/d");
        // A file can take the place of a deleted folder.
        store.put(key("r1"), new ByteArrayInputStream("now a file".getBytes()), 10, "text/plain");
        assertThat(read("r1", 0, -1)).isEqualTo("now a file".getBytes());
    }

    @Test
    void an_upload_bigger_than_several_parts_streams_in_parts() throws Exception {
        store.close();
        store = newStore(5L * 1024 * 1024);
        var bytes = randomBytes(12 * 1024 * 1024 + 123, 4);
        var known = store.put(key("run/big-known.bin"), new ByteArrayInputStream(bytes), bytes.length, ContentTypes.OCTET_STREAM);
        var unknown = store.put(key("run/big-unknown.bin"), new ByteArrayInputStream(bytes), ArtifactStore.UNKNOWN_LENGTH,
                ContentTypes.OCTET_STREAM);
        assertThat(known.sha256()).isEqualTo(sha256(bytes)).isEqualTo(unknown.sha256());
        assertThat(read("run/big-known.bin", 0, -1)).isEqualTo(bytes);
        assertThat(read("run/big-unknown.bin", 0, -1)).isEqualTo(bytes);
        assertThat(read("run/big-unknown.bin", 6L * 1024 * 1024, 100))
                .isEqualTo(java.util.Arrays.copyOfRange(bytes, 6 * 1024 * 1024, 6 * 1024 * 1024 + 100));
    }

    @Test
    void a_stream_shorter_than_its_declared_length_stores_nothing() throws Exception {
        assertThatThrownBy(() -> store.put(key("run/short"), new ByteArrayInputStream(new byte[10]), 20, "text/plain"))
                .isInstanceOf(IOException.class);
        assertThat(store.open(key("run/short"), 0, -1)).isEmpty();
    }

    @Test
    void a_failing_stream_leaves_the_previous_file_in_place() throws Exception {
        store.put(key("run/keep"), new ByteArrayInputStream("old".getBytes()), 3, "text/plain");
        InputStream failing = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 1000) return 'x';
                throw new IOException("client went away");
            }
        };
        assertThatThrownBy(() -> store.put(key("run/keep"), failing, ArtifactStore.UNKNOWN_LENGTH, "text/plain"))
                .isInstanceOf(IOException.class);
        assertThat(read("run/keep", 0, -1)).isEqualTo("old".getBytes());
    }

    @Test
    void file_names_with_spaces_unicode_and_percent_signs_round_trip() throws Exception {
        for (var path : List.of("run/with space.txt", "run/ünï cødé/ф.txt", "run/100%.txt", "run/a+b=c&d.txt")) {
            store.put(key(path), new ByteArrayInputStream(path.getBytes()), ArtifactStore.UNKNOWN_LENGTH, "text/plain");
            assertThat(read(path, 0, -1)).isEqualTo(path.getBytes());
        }
        assertThat(store.list(key("run"))).hasSize(4);
    }
}

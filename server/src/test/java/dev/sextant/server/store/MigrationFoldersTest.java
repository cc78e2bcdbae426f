package dev.sextant.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Both databases go through the same migration versions, so a schema change is never made for one only. */
class MigrationFoldersTest {
    private static final Path MIGRATIONS = Path.of("..", "schema", "src", "main", "resources", "db", "migration");

    @Test
    void sqlite_and_postgres_migrations_have_the_same_versions_and_names() throws IOException {
        assertThat(names("postgres")).isNotEmpty().isEqualTo(names("sqlite"));
    }

    private static List<String> names(String dialect) throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS.resolve(dialect))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}

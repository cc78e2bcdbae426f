package dev.sextant.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.server.auth.Scope;
import dev.sextant.server.auth.TokenFile;
import dev.sextant.server.auth.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {
    @TempDir Path dir;

    String run(String... args) {
        var out = new ByteArrayOutputStream();
        var previous = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            int code = new CommandLine(new TokenCommand()).execute(args);
            assertThat(code).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(previous);
        }
        return out.toString().strip();
    }

    @Test
    void create_prints_the_token_once_and_stores_only_its_hash_then_list_and_revoke() throws Exception {
        var file = dir.resolve("tokens");
        var token = run("create", "--file", file.toString(), "--name", "ci", "--scope", "read");
        assertThat(token).startsWith("sxt_").hasSize(47);
        assertThat(Files.readString(file)).doesNotContain(token).contains("ci read sha256:");
        assertThat(new Tokens(file).authenticate(token)).hasValueSatisfying(p -> assertThat(p.scope()).isEqualTo(Scope.READ));
        run("create", "--file", file.toString(), "--name", "alice");
        assertThat(run("list", "--file", file.toString())).isEqualTo("ci\tread\nalice\twrite");
        run("revoke", "--file", file.toString(), "--name", "ci");
        assertThat(TokenFile.read(file)).extracting(entry -> entry.name()).containsExactly("alice");
        assertThat(new Tokens(file).authenticate(token)).isEmpty();
    }

    @Test
    void a_duplicate_name_or_unknown_scope_is_refused() {
        var file = dir.resolve("tokens").toString();
        run("create", "--file", file, "--name", "ci");
        assertThat(new CommandLine(new TokenCommand()).execute("create", "--file", file, "--name", "ci")).isNotZero();
        assertThat(new CommandLine(new TokenCommand()).execute("create", "--file", file, "--name", "x", "--scope", "root")).isNotZero();
    }
}

package dev.sextant.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live token list. The file is checked on every lookup (one stat) and re-read when its modification time
 * or size changed, so `sextant token revoke` takes effect on the next request without a restart. A file that
 * turns unreadable or malformed while running denies every token (fail closed) until it is fixed. Thread-safe.
 */
public final class Tokens {
    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);

    private final Path file;
    private List<TokenEntry> entries;
    private FileStamp stamp;

    /** Reads the file now; a missing or malformed file stops the start-up with a message naming it. */
    public Tokens(Path file) {
        this.file = file;
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("the tokens file " + file + " does not exist");
        reload();
    }

    public Path file() {
        return file;
    }

    /** The token's name, scope and identity, or empty when no entry matches. */
    public Optional<Principal.Token> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) return Optional.empty();
        Principal.Token found = null;
        // Every entry is hashed and compared, matched or not, so timing does not depend on which one matched.
        for (var entry : current()) {
            if (entry.hash().matches(token) && found == null) found = new Principal.Token(entry.name(), entry.scope(), entry.hash().id());
        }
        return Optional.ofNullable(found);
    }

    public boolean exists(String name) {
        return current().stream().anyMatch(entry -> entry.name().equals(name));
    }

    /**
     * True while the very token {@code id} names ({@link TokenHash#id}) is in the file with a scope that allows
     * {@code scope}: a token revoked and created again under the same name is another token.
     */
    public boolean isLive(String id, Scope scope) {
        return current().stream().anyMatch(entry -> entry.hash().id().equals(id) && entry.scope().allows(scope));
    }

    public List<TokenEntry> list() {
        return current();
    }

    /** Creates a token and returns it; this is the only time it exists in clear. */
    public synchronized String create(String name, Scope scope) {
        var token = TokenHash.newToken();
        TokenFile.add(file, new TokenEntry(name, scope, TokenHash.of(token)));
        reload();
        return token;
    }

    public synchronized boolean revoke(String name) {
        boolean removed = TokenFile.remove(file, name);
        reload();
        return removed;
    }

    private synchronized List<TokenEntry> current() {
        try {
            if (!FileStamp.of(file).sameAs(stamp)) reload();
        } catch (IOException | RuntimeException e) {
            LOG.warn("the tokens file {} cannot be read ({}); every token is refused until it can",
                    file, e.getClass().getSimpleName());
            entries = List.of();
            stamp = null;
        }
        return entries;
    }

    private void reload() {
        try {
            var before = FileStamp.of(file);
            entries = TokenFile.read(file);
            stamp = before;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

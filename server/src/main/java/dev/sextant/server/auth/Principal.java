package dev.sextant.server.auth;

import java.util.List;

/** Who is calling: a named token with a scope, or a read-only share link for some runs. */
public sealed interface Principal {
    Scope scope();

    /** A token from the tokens file; {@code id} names this one token ({@link TokenHash#id}), not its name. */
    record Token(String name, Scope scope, String id) implements Principal {}

    /**
     * A signed share link: read access to these runs' data only, until {@code expiresAtMs}, while the token that
     * made it ({@code creatorId}, named {@code createdBy}) lives.
     */
    record Share(List<String> runIds, long expiresAtMs, String createdBy, String creatorId) implements Principal {
        public Share {
            runIds = List.copyOf(runIds);
        }

        @Override
        public Scope scope() {
            return Scope.READ;
        }
    }
}

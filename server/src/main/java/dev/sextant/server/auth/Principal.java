package dev.sextant.server.auth;

import java.util.List;

/** Who is calling: a named token with a scope, or a read-only share link for some runs. */
public sealed interface Principal {
    Scope scope();

    /** A token from the tokens file. */
    record Token(String name, Scope scope) implements Principal {}

    /** A signed share link: read access to these runs' data only, until {@code expiresAtMs}. */
    record Share(List<String> runIds, long expiresAtMs, String createdBy) implements Principal {
        public Share {
            runIds = List.copyOf(runIds);
        }

        @Override
        public Scope scope() {
            return Scope.READ;
        }
    }
}

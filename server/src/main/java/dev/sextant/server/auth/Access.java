package dev.sextant.server.auth;

/** What a request needs before it reaches a handler: nothing (OPEN), or a token of at least a scope. */
public enum Access {
    OPEN, READ, WRITE, ADMIN;

    /** The scope a token needs; null for OPEN. */
    public Scope scope() {
        return switch (this) {
            case OPEN -> null;
            case READ -> Scope.READ;
            case WRITE -> Scope.WRITE;
            case ADMIN -> Scope.ADMIN;
        };
    }
}

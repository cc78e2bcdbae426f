package dev.sextant.server.auth;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Turns a presented secret into a {@link Principal}: a token from the tokens file, or a valid share link. */
public final class Authenticator {
    private final Tokens tokens;
    private final ShareLinks shareLinks;

    public Authenticator(Tokens tokens, ShareLinks shareLinks) {
        this.tokens = tokens;
        this.shareLinks = shareLinks;
    }

    /** Tokens from {@code tokensFile}; the share-link key beside it ({@code FILE.share-key}). */
    public static Authenticator fromFile(Path tokensFile, Clock clock) {
        var keyFile = tokensFile.resolveSibling(tokensFile.getFileName() + ".share-key");
        return new Authenticator(new Tokens(tokensFile), new ShareLinks(keyFile, clock));
    }

    public Optional<Principal> authenticate(String secret) {
        if (secret == null) return Optional.empty();
        if (secret.startsWith(ShareLinks.PREFIX)) {
            // A link dies with the very token that made it (not one that later took its name), or when it may no longer write.
            return shareLinks.verify(secret).filter(share -> tokens.isLive(share.creatorId(), Scope.WRITE)).map(share -> share);
        }
        return tokens.authenticate(secret).map(token -> token);
    }

    public Tokens tokens() {
        return tokens;
    }

    public ShareLinks shareLinks() {
        return shareLinks;
    }
}

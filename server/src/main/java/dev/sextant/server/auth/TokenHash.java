package dev.sextant.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A salted SHA-256 of a token, written {@code sha256:SALT_HEX:HASH_HEX}. Tokens are 256 random bits, so a
 * slow KDF adds nothing against guessing; the salt keeps equal tokens from having equal lines.
 */
public record TokenHash(byte[] salt, byte[] digest) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "sha256:";

    /** A fresh random token: "sxt_" and 43 base64url characters (256 bits). */
    public static String newToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "sxt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static TokenHash of(String token) {
        var salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new TokenHash(salt, sha256(salt, token));
    }

    public static TokenHash parse(String text) {
        var parts = text.split(":", -1);
        if (parts.length != 3 || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a token hash looks like sha256:SALT_HEX:HASH_HEX");
        }
        var hex = HexFormat.of();
        var digest = hex.parseHex(parts[2]);
        if (digest.length != 32) throw new IllegalArgumentException("a token hash has 64 hex digits");
        return new TokenHash(hex.parseHex(parts[1]), digest);
    }

    /** Constant-time in the token's content: MessageDigest.isEqual compares every byte. */
    public boolean matches(String token) {
        return MessageDigest.isEqual(digest, sha256(salt, token));
    }

    /**
     * A stable public name for this one token (its entry), derived from salt and digest: share links carry it, so a
     * token created again under a revoked one's name never revives the links the old one made. Reveals nothing usable.
     */
    public String id() {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update("sextant token id\n".getBytes(StandardCharsets.US_ASCII));
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(digest), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String format() {
        var hex = HexFormat.of();
        return PREFIX + hex.formatHex(salt) + ":" + hex.formatHex(digest);
    }

    @Override
    public String toString() {
        return "TokenHash[redacted]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenHash that && MessageDigest.isEqual(salt, that.salt) && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    private static byte[] sha256(byte[] salt, String token) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

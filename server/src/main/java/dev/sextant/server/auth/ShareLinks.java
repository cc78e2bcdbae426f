package dev.sextant.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring read-only links to some runs: {@code shr_PAYLOAD.MAC}, base64url, HMAC-SHA256 over the
 * payload "v1 NL creator NL expiresAtMs NL run,run…". The key lives in one file beside the tokens file and is
 * created on first use; deleting it revokes every link. Revoking the creating token revokes its links too.
 */
public final class ShareLinks {
    public static final String PREFIX = "shr_";
    public static final Duration MAX_TTL = Duration.ofDays(90);

    private final byte[] key;
    private final Clock clock;

    public ShareLinks(Path keyFile, Clock clock) {
        this.key = loadOrCreateKey(keyFile);
        this.clock = clock;
    }

    public String create(List<String> runIds, Duration ttl, String createdBy) {
        long expiresAtMs = clock.millis() + ttl.toMillis();
        var payload = "v1\n" + createdBy + "\n" + expiresAtMs + "\n" + String.join(",", runIds);
        var encoder = Base64.getUrlEncoder().withoutPadding();
        var body = encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return PREFIX + body + "." + encoder.encodeToString(mac(body));
    }

    /** The grant, when the signature is ours and the link has not expired; empty for anything else. */
    public Optional<Principal.Share> verify(String link) {
        if (link == null || !link.startsWith(PREFIX) || link.length() > 64 * 1024) return Optional.empty();
        var parts = link.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) return Optional.empty();
        try {
            var decoder = Base64.getUrlDecoder();
            if (!MessageDigest.isEqual(mac(parts[0]), decoder.decode(parts[1]))) return Optional.empty();
            var fields = new String(decoder.decode(parts[0]), StandardCharsets.UTF_8).split("\n", -1);
            if (fields.length != 4 || !fields[0].equals("v1")) return Optional.empty();
            long expiresAtMs = Long.parseLong(fields[2]);
            if (clock.millis() >= expiresAtMs) return Optional.empty();
            var runIds = Arrays.stream(fields[3].split(",")).filter(id -> !id.isEmpty()).toList();
            return Optional.of(new Principal.Share(runIds, expiresAtMs, fields[1]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] loadOrCreateKey(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                var fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                var temp = keyFile.resolveSibling("." + keyFile.getFileName() + ".tmp");
                Files.deleteIfExists(temp);
                TokenFile.createPrivate(temp);
                Files.writeString(temp, Base64.getEncoder().encodeToString(fresh) + "\n");
                try {
                    Files.move(temp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    Files.deleteIfExists(temp);
                }
            }
            var key = Base64.getDecoder().decode(Files.readString(keyFile).strip());
            if (key.length < 32) throw new IllegalArgumentException("the share-link key in " + keyFile + " is too short");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the share-link key " + keyFile, e);
        }
    }
}

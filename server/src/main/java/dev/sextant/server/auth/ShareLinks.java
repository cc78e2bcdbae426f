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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed, expiring read-only links to some runs: {@code shr_PAYLOAD.MAC}, base64url, HMAC-SHA256 over the payload
 * "v2 NL creator NL creatorId NL expiresAtMs NL run,run…". The key lives in one file beside the tokens file and is
 * created on first use. Like the tokens file it is checked on every use (one stat) and re-read when it changed:
 * deleting or replacing it ends every link at once, without a restart. The link names the very token that made it
 * ({@link TokenHash#id}), so revoking that token ends its links even if another is later created under its name.
 * Links of the first format (v1, by creator name only) are no longer accepted. Thread-safe.
 */
public final class ShareLinks {
    private static final Logger LOG = LoggerFactory.getLogger(ShareLinks.class);
    public static final String PREFIX = "shr_";
    public static final Duration MAX_TTL = Duration.ofDays(90);
    private static final String VERSION = "v2";

    private final Path keyFile;
    private final Clock clock;
    private byte[] key;
    private FileStamp stamp;

    public ShareLinks(Path keyFile, Clock clock) {
        this.keyFile = keyFile;
        this.clock = clock;
        createKeyIfMissing();
        currentKey().orElseThrow(() -> new IllegalStateException("cannot read the share-link key " + keyFile));
    }

    /** A link for {@code creator}; a missing key file is created afresh (links made with the old key stay dead). */
    public String create(List<String> runIds, Duration ttl, Principal.Token creator) {
        createKeyIfMissing();
        var signingKey = currentKey().orElseThrow(() -> new IllegalStateException("cannot read the share-link key " + keyFile));
        long expiresAtMs = clock.millis() + ttl.toMillis();
        var payload = VERSION + "\n" + creator.name() + "\n" + creator.id() + "\n" + expiresAtMs + "\n" + String.join(",", runIds);
        var encoder = Base64.getUrlEncoder().withoutPadding();
        var body = encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return PREFIX + body + "." + encoder.encodeToString(mac(signingKey, body));
    }

    /** The grant, when the signature is made with the current key and the link has not expired; empty for anything else. */
    public Optional<Principal.Share> verify(String link) {
        if (link == null || !link.startsWith(PREFIX) || link.length() > 64 * 1024) return Optional.empty();
        var parts = link.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) return Optional.empty();
        var signingKey = currentKey();
        if (signingKey.isEmpty()) return Optional.empty();
        try {
            var decoder = Base64.getUrlDecoder();
            if (!MessageDigest.isEqual(mac(signingKey.get(), parts[0]), decoder.decode(parts[1]))) return Optional.empty();
            var fields = new String(decoder.decode(parts[0]), StandardCharsets.UTF_8).split("\n", -1);
            if (fields.length != 5 || !fields[0].equals(VERSION)) return Optional.empty();
            long expiresAtMs = Long.parseLong(fields[3]);
            if (clock.millis() >= expiresAtMs) return Optional.empty();
            var runIds = Arrays.stream(fields[4].split(",")).filter(id -> !id.isEmpty()).toList();
            return Optional.of(new Principal.Share(runIds, expiresAtMs, fields[1], fields[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The key as the file holds it now; empty (every link refused) while it is missing, unreadable or too short. */
    private synchronized Optional<byte[]> currentKey() {
        try {
            var now = FileStamp.of(keyFile);
            if (!now.sameAs(stamp)) {
                var read = Base64.getDecoder().decode(Files.readString(keyFile).strip());
                if (read.length < 32) throw new IllegalArgumentException("the share-link key in " + keyFile + " is too short");
                key = read;
                stamp = now;
            }
            return Optional.of(key);
        } catch (IOException | RuntimeException e) {
            if (key != null) LOG.warn("the share-link key {} is gone or unreadable ({}); every share link is refused until"
                    + " a new one is made", keyFile, e.getClass().getSimpleName());
            key = null;
            stamp = null;
            return Optional.empty();
        }
    }

    private static byte[] mac(byte[] key, String body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private synchronized void createKeyIfMissing() {
        try {
            if (Files.exists(keyFile)) return;
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the share-link key " + keyFile, e);
        }
    }
}

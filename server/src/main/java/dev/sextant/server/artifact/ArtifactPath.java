package dev.sextant.server.artifact;

import dev.sextant.server.error.SextantException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A validated relative artifact path such as {@code plots/loss.png}: '/'-separated segments, none empty,
 * '.' or '..', no backslash, NUL or control character, at most {@value #MAX_SEGMENT_BYTES} UTF-8 bytes
 * per segment and {@value #MAX_PATH_BYTES} in all. Once built, it can be appended to any root safely.
 */
public record ArtifactPath(String value) {
    public static final int MAX_SEGMENT_BYTES = 255;
    public static final int MAX_PATH_BYTES = 1024;

    /** Escapes that would still decode to a separator, a dot or NUL: a second decoding must never matter. */
    private static final Pattern ENCODED_SPECIAL = Pattern.compile("%(2e|2f|5c|00)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DRIVE_LETTER = Pattern.compile("[A-Za-z]:.*");

    public ArtifactPath {
        check(value);
    }

    /** Validates an already-decoded path. */
    public static ArtifactPath of(String path) {
        return new ArtifactPath(path);
    }

    /** Decodes %XX escapes (UTF-8) once, then validates; malformed escapes or UTF-8 are rejected. */
    public static ArtifactPath decode(String encoded) {
        return of(percentDecode(encoded));
    }

    /** This path followed by a relative path, e.g. a run's folder and a file in it. */
    public ArtifactPath resolve(ArtifactPath child) {
        return new ArtifactPath(value + "/" + child.value);
    }

    /** The last segment, e.g. {@code loss.png}. */
    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return value;
    }

    private static void check(String path) {
        if (path == null || path.isEmpty()) throw SextantException.invalid("artifact path must not be empty");
        String shown = printable(path);
        if (path.indexOf('\\') >= 0) throw SextantException.invalid("artifact path '" + shown + "' must not contain a backslash");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw SextantException.invalid("artifact path '" + shown + "' must not contain NUL or control characters");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < path.length()
                    && Character.isLowSurrogate(path.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(path.charAt(i - 1)))) {
                throw SextantException.invalid("artifact path '" + shown + "' is not valid Unicode");
            }
        }
        if (path.startsWith("/")) throw SextantException.invalid("artifact path '" + shown + "' must be relative, not start with '/'");
        if (DRIVE_LETTER.matcher(path).matches()) {
            throw SextantException.invalid("artifact path '" + shown + "' must be relative, not start with a drive letter");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw SextantException.invalid("artifact path must be at most " + MAX_PATH_BYTES + " bytes, got "
                    + path.getBytes(StandardCharsets.UTF_8).length + " ('" + shown + "')");
        }
        if (ENCODED_SPECIAL.matcher(path).find()) {
            throw SextantException.invalid("artifact path '" + shown + "' must not contain encoded '.', '/', '\\' or NUL "
                    + "after decoding (double encoding)");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) throw SextantException.invalid("artifact path '" + shown + "' must not have empty segments ('//' or a trailing '/')");
            if (segment.equals(".") || segment.equals("..")) {
                throw SextantException.invalid("artifact path '" + shown + "' must not contain '.' or '..' segments");
            }
            int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SEGMENT_BYTES) {
                throw SextantException.invalid("artifact path segment must be at most " + MAX_SEGMENT_BYTES + " bytes, got "
                        + bytes + " ('" + printable(segment) + "')");
            }
        }
    }

    static String percentDecode(String encoded) {
        if (encoded == null) throw SextantException.invalid("artifact path must not be empty");
        if (encoded.indexOf('%') < 0) return encoded;
        var bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); ) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw SextantException.invalid("artifact path '" + printable(encoded) + "' has a malformed %-escape");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw SextantException.invalid("artifact path '" + printable(encoded) + "' has a malformed %-escape");
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < encoded.length() ? i + 2 : i + 1;
                bytes.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw SextantException.invalid("artifact path '" + printable(encoded) + "' is not valid UTF-8 after decoding");
        }
    }

    /** For messages: shortened, control characters shown as '?'. */
    static String printable(String text) {
        var shown = SextantException.abbreviate(text, 80);
        var out = new StringBuilder(shown.length());
        shown.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return out.toString();
    }
}

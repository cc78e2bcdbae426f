package dev.sextant.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens file: one token per line, {@code NAME SCOPE sha256:SALT:HASH}; blank lines and lines starting with
 * '#' are ignored. Writes replace the file atomically (temp file + rename), so a reader never sees half a file.
 */
public final class TokenFile {
    private static final String HEADER = "# Sextant tokens: NAME SCOPE HASH. Edit with `sextant token create|revoke|list`.\n";

    private TokenFile() {}

    public static List<TokenEntry> read(Path file) {
        try {
            var entries = new ArrayList<TokenEntry>();
            int lineNumber = 0;
            for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNumber++;
                var text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) continue;
                var fields = text.split("\\s+");
                if (fields.length != 3) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": expected NAME SCOPE HASH");
                }
                try {
                    entries.add(new TokenEntry(fields[0], Scope.parse(fields[1]), TokenHash.parse(fields[2])));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": " + e.getMessage(), e);
                }
            }
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokens file " + file, e);
        }
    }

    /** Adds a token; a name may appear once. Creates the file (owner-only where the OS allows) if needed. */
    public static void add(Path file, TokenEntry entry) {
        var entries = new ArrayList<>(Files.exists(file) ? read(file) : List.of());
        if (entries.stream().anyMatch(existing -> existing.name().equals(entry.name()))) {
            throw new IllegalArgumentException("a token named '" + entry.name() + "' already exists");
        }
        entries.add(entry);
        write(file, entries);
    }

    /** Removes the named token; false when there was none. */
    public static boolean remove(Path file, String name) {
        if (!Files.exists(file)) return false;
        var entries = new ArrayList<>(read(file));
        boolean removed = entries.removeIf(entry -> entry.name().equals(name));
        if (removed) write(file, entries);
        return removed;
    }

    private static void write(Path file, List<TokenEntry> entries) {
        var text = new StringBuilder(HEADER);
        for (var entry : entries) {
            text.append(entry.name()).append(' ').append(entry.scope().label()).append(' ').append(entry.hash().format()).append('\n');
        }
        try {
            var folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            var temp = folder.resolve("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            createPrivate(temp);
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tokens file " + file, e);
        }
    }

    static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // Someone else created it first; its permissions are theirs.
        }
    }
}

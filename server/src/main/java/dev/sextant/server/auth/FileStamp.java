package dev.sextant.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What one stat of a file says about its content: modification time, size and the file's identity (inode). Files
 * we rewrite are replaced by a rename, so a new identity shows a rewrite even when time and size look the same.
 */
record FileStamp(FileTime modified, long sizeBytes, Object fileKey) {
    /** The stamp of {@code file} now; throws when it cannot be read (missing included). */
    static FileStamp of(Path file) throws IOException {
        var attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    boolean sameAs(FileStamp other) {
        return other != null && modified.equals(other.modified) && sizeBytes == other.sizeBytes
                && Objects.equals(fileKey, other.fileKey);
    }
}

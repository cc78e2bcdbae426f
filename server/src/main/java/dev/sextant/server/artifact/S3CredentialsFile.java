package dev.sextant.server.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code aws_access_key_id} and {@code aws_secret_access_key} from an AWS-style credentials file:
 * the {@code [default]} section, or the top of a file without sections. Keeps secrets off the command line.
 */
public final class S3CredentialsFile {
    private S3CredentialsFile() {}

    /** Access key and secret key, in that order. */
    public static String[] read(Path file) {
        String access = null;
        String secret = null;
        String section = "default";
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1).strip();
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals < 0 || !section.equals("default")) continue;
                String key = line.substring(0, equals).strip();
                String value = line.substring(equals + 1).strip();
                if (key.equalsIgnoreCase("aws_access_key_id")) access = value;
                if (key.equalsIgnoreCase("aws_secret_access_key")) secret = value;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the S3 credentials file " + file, e);
        }
        if (access == null || secret == null) {
            throw new IllegalArgumentException("the S3 credentials file " + file
                    + " needs aws_access_key_id and aws_secret_access_key (in [default] or without a section)");
        }
        return new String[] {access, secret};
    }
}

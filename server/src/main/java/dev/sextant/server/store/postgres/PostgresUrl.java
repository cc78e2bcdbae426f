package dev.sextant.server.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL database setting: {@code postgresql://user:pass@host:5432/db}, {@code postgres://...} or
 * {@code jdbc:postgresql://host/db?user=..&password=..}. {@link #toString()} never shows the password.
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    public static boolean matches(String database) {
        return database.startsWith("postgresql://") || database.startsWith("postgres://")
                || database.startsWith("jdbc:postgresql:");
    }

    public static PostgresUrl parse(String database) {
        if (database.startsWith("jdbc:postgresql:")) return new PostgresUrl(database, null, null);
        URI uri;
        try {
            uri = new URI(database);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + maskPassword(database));
        }
        if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
            throw new IllegalArgumentException("a PostgreSQL URL needs a host and a database, like "
                    + "postgresql://user:pass@host:5432/db; got " + maskPassword(database));
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            var info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        var jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) jdbc.append(':').append(uri.getPort());
        jdbc.append(uri.getRawPath());
        if (uri.getRawQuery() != null) jdbc.append('?').append(uri.getRawQuery());
        return new PostgresUrl(jdbc.toString(), user, password);
    }

    /** The setting with any password replaced by ***, safe to print or log. */
    public static String maskPassword(String database) {
        return database
                .replaceAll("(?i)(password=)[^&]*", "$1***")
                .replaceAll("^([a-z:]+//[^:/@]*:)[^@/]*@", "$1***@");
    }

    @Override
    public String toString() {
        return "PostgreSQL " + maskPassword(jdbcUrl) + (user == null ? "" : " as " + user);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

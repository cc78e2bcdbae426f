package dev.sextant.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read /metrics: the metrics token when one is set (so a Prometheus server needs no API token), and any
 * token of read scope or more when auth is on; share links never. With neither, /metrics is as open as the API.
 */
public final class MetricsAccess {
    private final Authenticator authenticator;
    private final byte[] metricsToken;

    /** {@code authenticator} is null when auth is off; {@code metricsToken} null or blank when none is set. */
    public MetricsAccess(Authenticator authenticator, String metricsToken) {
        this.authenticator = authenticator;
        this.metricsToken = metricsToken == null || metricsToken.isBlank() ? null : metricsToken.getBytes(StandardCharsets.UTF_8);
    }

    /** True when no token is needed at all. */
    public boolean open() {
        return authenticator == null && metricsToken == null;
    }

    /** Whether a request with this Authorization header (null when absent) may read the metrics. */
    public boolean allows(String authorizationHeader) {
        if (open()) return true;
        var secret = Credentials.fromAuthorization(authorizationHeader);
        if (secret == null) return false;
        if (metricsToken != null && MessageDigest.isEqual(metricsToken, secret.getBytes(StandardCharsets.UTF_8))) return true;
        return authenticator != null && authenticator.authenticate(secret)
                .filter(principal -> principal instanceof Principal.Token && principal.scope().allows(Scope.READ))
                .isPresent();
    }
}

package com.lealup.api.integration;

import java.time.Instant;

/**
 * What a provider's token endpoint granted: the access token, the refresh token when it gave one, and when the
 * access token expires (null when it did not say). Carried by {@link ConnectIntegration} into the command side's
 * encrypted store and never into an event; {@link #toString()} shows no token, so a logged command leaks none.
 */
public record OAuthTokens(String accessToken, String refreshToken, Instant expiresAt) {

    public OAuthTokens {
        if (accessToken == null || accessToken.isEmpty()) {
            throw new IllegalArgumentException("accessToken is required");
        }
    }

    @Override
    public String toString() {
        return "OAuthTokens[accessToken=***, refreshToken=" + (refreshToken == null ? "none" : "***")
                + ", expiresAt=" + expiresAt + "]";
    }
}

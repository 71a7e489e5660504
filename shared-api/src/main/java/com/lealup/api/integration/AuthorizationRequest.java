package com.lealup.api.integration;

import java.time.Instant;

/** Where to send the user's browser to authorize, and the single-use {@code state} that comes back. */
public record AuthorizationRequest(String authorizationUrl, String state, Instant expiresAt, long version) {
}

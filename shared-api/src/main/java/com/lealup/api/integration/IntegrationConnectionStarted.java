package com.lealup.api.integration;

import java.time.Instant;

/** An authorization was started; its state expires at {@code expiresAt}. Carries no secret. */
public record IntegrationConnectionStarted(String integrationId, String workspaceId, String name, Instant expiresAt,
                                           Instant startedAt) {
}

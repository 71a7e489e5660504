package com.lealup.api.integration;

import java.time.Instant;

/**
 * The integration's tokens stopped working (revoked, or expired and the provider refused to refresh them) and
 * were deleted: the integration is in error until it is connected again. {@code reason} is a stable code
 * ({@code token_refresh_failed}, {@code token_expired}, {@code token_revoked}), {@code detail} says more.
 */
public record IntegrationTokensRejected(String integrationId, String workspaceId, String name, String reason,
                                        String detail, Instant rejectedAt) {
}

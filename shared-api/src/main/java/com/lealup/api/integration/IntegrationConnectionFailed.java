package com.lealup.api.integration;

import java.time.Instant;

/** The provider refused to exchange the code: {@code reason} is a stable code, {@code detail} says more. */
public record IntegrationConnectionFailed(String integrationId, String workspaceId, String name, String reason,
                                          String detail, Instant failedAt) {
}

package com.lealup.api.integration;

import java.time.Instant;

/** The provider granted tokens. The tokens themselves are never in an event (docs/integrations.md). */
public record IntegrationConnected(String integrationId, String workspaceId, String name, Instant connectedAt) {
}

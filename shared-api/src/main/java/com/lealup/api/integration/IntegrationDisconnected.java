package com.lealup.api.integration;

import java.time.Instant;

public record IntegrationDisconnected(String integrationId, String workspaceId, String name, Instant disconnectedAt) {
}

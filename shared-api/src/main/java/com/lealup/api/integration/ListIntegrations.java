package com.lealup.api.integration;

/** Answers an {@link IntegrationList}: the workspace's integrations that ever changed state. */
public record ListIntegrations(String workspaceId) {
}

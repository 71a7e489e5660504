package com.lealup.api.integration;

/** Answers the version (0 when none) the read model shows of this integration's aggregate. */
public record FindIntegrationVersion(String integrationId) {
}

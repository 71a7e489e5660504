package com.lealup.api.integration;

/**
 * The provider's redirect came back with {@code code} and {@code state}: the state (single use, expiring)
 * names the workspace and integration, so this command has no workspace of its own. Answers a
 * {@link ConnectionOutcome}.
 */
public record CompleteIntegrationConnection(String name, String state, String code) {
}

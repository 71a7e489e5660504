package com.lealup.api.integration;

/**
 * The provider's redirect came back with {@code code} and {@code state}: the state (single use, expiring) names
 * the workspace and integration, so this request has no workspace of its own. Handed to
 * {@link AuthorizationCallbacks}, which answers a {@link ConnectionOutcome}.
 */
public record CompleteIntegrationConnection(String name, String state, String code) {
}

package com.lealup.api.integration;

/** How a callback ended: connected, or {@code error} (a code, e.g. {@code token_exchange_failed}). */
public record ConnectionOutcome(String workspaceId, String name, String status, String error, long version) {
}

package com.lealup.api.identity;

/** One key of a workspace, revoked ones included: answers {@code Optional<ApiKeyView>}. */
public record FindApiKey(String workspaceId, String keyId) {
}

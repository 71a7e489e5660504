package com.lealup.api.identity;

/**
 * One valid key of a workspace, as {@link ListApiKeys} lists them (a revoked key, or one bound to a deactivated user,
 * is none): answers {@code Optional<ApiKeyView>}.
 */
public record FindApiKey(String workspaceId, String keyId) {
}

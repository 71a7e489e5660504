package com.lealup.api.identity;

/** The valid keys bound to a user of the workspace, in id order: answers {@code List<ApiKeyView>}. */
public record ListUserApiKeys(String workspaceId, String userId) {
}

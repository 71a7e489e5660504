package com.lealup.api.identity;

/**
 * A page of a workspace's valid keys (not revoked, not bound to a deactivated user: those fail to authenticate) in id
 * order, after {@code afterKeyId} (null: from the start), at most {@code limit}: answers {@code List<ApiKeyView>}.
 */
public record ListApiKeys(String workspaceId, String afterKeyId, int limit) {
}

package com.lealup.api.identity;

/**
 * A page of a workspace's valid (not revoked) keys in id order, after {@code afterKeyId} (null: from the
 * start), at most {@code limit}: answers {@code List<ApiKeyView>}.
 */
public record ListApiKeys(String workspaceId, String afterKeyId, int limit) {
}

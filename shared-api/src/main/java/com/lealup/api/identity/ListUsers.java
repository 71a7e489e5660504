package com.lealup.api.identity;

/**
 * A page of a workspace's users (deactivated ones included) in id order, after {@code afterUserId} (null: from
 * the start), at most {@code limit}: answers {@code List<UserView>}.
 */
public record ListUsers(String workspaceId, String afterUserId, int limit) {
}

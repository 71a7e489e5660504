package com.lealup.api.identity;

/**
 * One user of a workspace, deactivated ones included: answers {@code Optional<UserView>}; as a subscription
 * query, updates are the user's new {@link UserView}s.
 */
public record FindUser(String workspaceId, String userId) {
}

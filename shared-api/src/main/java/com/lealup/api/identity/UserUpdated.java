package com.lealup.api.identity;

import java.time.Instant;
import java.util.List;

/**
 * The user's locale, timezone or territories changed: the whole of the three as they are now, so that a reader needs
 * no earlier event to know them.
 */
public record UserUpdated(String userId, String workspaceId, String locale, String timezone,
                          List<String> territoryIds, Instant updatedAt) {
}

package com.lealup.api.usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page of the workspace's ingested events, newest first ({@code timestamp} then id, descending); every filter
 * may be null, and {@code types} empty (every type); {@code from} is inclusive, {@code to} exclusive; {@code after}
 * is the keyset position of the previous page's last row. Answers up to {@code limit + 1} rows.
 */
public record ListUsageEvents(String workspaceId, String customerId, List<String> types, Instant from, Instant to,
                              Map<String, String> after, int limit) {
}

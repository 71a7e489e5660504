package com.lealup.api.usage;

import java.time.Instant;
import java.util.Map;

/**
 * A page of the workspace's ingested events, newest first ({@code timestamp} then id, descending); every filter
 * may be null; {@code after} is the keyset position of the previous page's last row. Answers up to
 * {@code limit + 1} rows.
 */
public record ListUsageEvents(String workspaceId, String customerId, String type, Instant from, Instant to,
                              Map<String, String> after, int limit) {
}

package com.lealup.api.customer;

import java.util.Map;

/** The workspace's deleted customers not yet purged, most recently deleted first; paged like {@link ListCustomers}. */
public record ListTrash(String workspaceId, Map<String, String> after, int limit) {
}

package com.lealup.api.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A subscription as the read model shows it. {@code status} is {@code enabled} or {@code disabled}; a disabled one
 * says why and since when.
 */
public record WebhookSubscriptionView(String id, String workspaceId, String url, List<String> events,
                                      String description, String status, String disabledReason, Instant disabledAt,
                                      Instant secretRotatedAt, Instant createdAt, Instant updatedAt, long version) {

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";
}

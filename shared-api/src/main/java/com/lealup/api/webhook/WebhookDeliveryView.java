package com.lealup.api.webhook;

import java.time.Instant;

/**
 * One event's delivery to one subscription: {@code status} {@code pending}, {@code delivered} or {@code failed};
 * {@code messageId} is the {@code webhook-id} the receiver saw; the last attempt's HTTP status (null when none
 * answered) and error. {@code position} orders a subscription's deliveries.
 */
public record WebhookDeliveryView(long position, String messageId, String eventType, String status, boolean replay,
                                  int attempts, Instant createdAt, Instant lastAttemptAt, Integer lastStatus,
                                  String lastError, Instant nextAttemptAt, Instant deliveredAt) {
}

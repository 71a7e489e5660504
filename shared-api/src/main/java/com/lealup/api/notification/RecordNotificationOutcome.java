package com.lealup.api.notification;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What one delivery attempt gave, sent by the delivery policy: {@code outcome} is {@link #DELIVERED},
 * {@link #FAILED} (final, with {@code reason}) or {@link #RETRY} (a retry is scheduled at {@code retryAt}).
 * {@code attempt} counts from 1.
 */
public record RecordNotificationOutcome(@TargetAggregateIdentifier String notificationId, int attempt, String outcome,
                                        String reason, String detail, Instant retryAt) {

    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String RETRY = "retry";
}

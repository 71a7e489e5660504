package com.lealup.api.deadletters;

import java.time.Instant;

/**
 * One parked sequence of a processing group: the event that could not be handled (the first letter), why, and
 * how many of the sequence's later events wait behind it. {@code sequenceId} is what the processor orders by
 * (an aggregate id, or a workspace id for the credentials projection).
 */
public record DeadLetterSequence(String processingGroup, String sequenceId, long letters, String eventId,
                                 String eventType, String aggregateId, String workspaceId, Instant occurredAt,
                                 String causeType, String causeMessage, Instant enqueuedAt, Instant lastTouched) {
}

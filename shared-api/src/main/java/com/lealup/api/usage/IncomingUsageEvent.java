package com.lealup.api.usage;

import java.time.Instant;

/**
 * One event of an ingestion batch as the client sent it, already well-formed (type and timestamp present):
 * {@code index} is its position in the batch, for rejections; the customer is named by {@code customerId}
 * or by {@code emailDomain}; {@code clientEventId} is the optional de-duplication id. {@code properties} is the
 * client's JSON object as text, kept verbatim; the two properties the platform reads are also given typed, as the
 * API validated them: {@code score} of an {@code nps.response} (0-10) and {@code priority} of a ticket event.
 */
public record IncomingUsageEvent(int index, String clientEventId, String type, String customerId, String emailDomain,
                                 String contactEmail, Instant timestamp, String properties, Integer score,
                                 String priority) {
}

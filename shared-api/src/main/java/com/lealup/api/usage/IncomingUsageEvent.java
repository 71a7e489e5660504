package com.lealup.api.usage;

import java.time.Instant;
import java.util.Map;

/**
 * One event of an ingestion batch as the client sent it, already well-formed (type and timestamp present):
 * {@code index} is its position in the batch, for rejections; the customer is named by {@code customerId}
 * or by {@code emailDomain}; {@code clientEventId} is the optional de-duplication id.
 */
public record IncomingUsageEvent(int index, String clientEventId, String type, String customerId, String emailDomain,
                                 String contactEmail, Instant timestamp, Map<String, Object> properties) {
}

package com.lealup.api.usage;

import java.time.Instant;

/**
 * An ingested event as the usage log keeps it.
 *
 * @param properties the event's properties, the JSON object text as the client sent it (ingestion checked it and
 *                   keeps its bytes): read back as written, a number beyond a double's range or precision included
 */
public record UsageEventView(String id, String clientEventId, String customerId, String type, String contactEmail,
                             Instant timestamp, String properties, Instant receivedAt) {
}

package com.lealup.api.usage;

import java.time.Instant;
import java.util.Map;

public record UsageEventView(String id, String clientEventId, String customerId, String type, String contactEmail,
                             Instant timestamp, Map<String, Object> properties, Instant receivedAt) {
}

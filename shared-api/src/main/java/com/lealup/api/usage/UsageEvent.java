package com.lealup.api.usage;

import java.time.Instant;
import java.util.Map;

/** An accepted usage event: {@code id} is ours ({@code evt_}), {@code clientEventId} the client's, if any. */
public record UsageEvent(String id, String clientEventId, String type, String contactEmail, Instant timestamp,
                         Map<String, Object> properties) {
}

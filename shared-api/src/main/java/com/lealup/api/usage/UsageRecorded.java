package com.lealup.api.usage;

import java.time.Instant;
import java.util.List;

/**
 * A batch of usage events was stored in the usage log: what it changed, per customer. The events themselves live
 * in the usage log (table {@code usage_event}), not in this event: a batch of 1000 events is one small domain
 * event, so every event processor reads a summary instead of the raw stream (docs/ingestion.md).
 */
public record UsageRecorded(String workspaceId, String batchId, Instant recordedAt, List<CustomerUsage> customers) {
}

package com.lealup.api.usage;

import java.time.Instant;
import java.util.List;

/**
 * The usage events of one customer accepted from one batch (one domain event per customer per batch, so a
 * batch of 1000 events costs as many stored events as it names customers). Not an aggregate's event: see
 * docs/ingestion.md.
 */
public record UsageEventsRecorded(String customerId, String workspaceId, List<UsageEvent> events,
                                  Instant recordedAt) {
}

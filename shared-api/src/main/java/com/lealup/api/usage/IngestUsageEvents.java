package com.lealup.api.usage;

import java.util.List;

/** Stores a batch of usage events of a workspace; answers an {@link IngestionOutcome}. */
public record IngestUsageEvents(String workspaceId, List<IncomingUsageEvent> events) {
}

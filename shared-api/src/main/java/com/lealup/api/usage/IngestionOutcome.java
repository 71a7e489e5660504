package com.lealup.api.usage;

import java.util.List;

/** What became of a batch: events stored, events already stored before (by event id), events refused. */
public record IngestionOutcome(int accepted, int duplicates, List<EventRejection> rejected) {
}

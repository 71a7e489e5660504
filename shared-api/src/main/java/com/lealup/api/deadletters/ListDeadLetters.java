package com.lealup.api.deadletters;

import java.util.List;
import java.util.Map;

/**
 * A page of the parked sequences of every event processor (or of one processing group when
 * {@code processingGroup} is set), by processing group and sequence id, after {@code after}; answers
 * {@link Page}, up to {@code limit} rows. An operator's view: it spans every workspace.
 */
public record ListDeadLetters(String processingGroup, Map<String, String> after, int limit) {

    public record Page(List<DeadLetterSequence> rows) {
    }
}

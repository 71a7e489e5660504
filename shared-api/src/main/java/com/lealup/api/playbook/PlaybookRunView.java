package com.lealup.api.playbook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A run as the API shows it; {@code actions} in the playbook's order. */
public record PlaybookRunView(String id, String playbookId, String customerId, Instant matchedAt,
                              Map<String, Object> snapshot, List<Action> actions) {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public record Action(String type, String status, String taskId, String error) {
    }
}

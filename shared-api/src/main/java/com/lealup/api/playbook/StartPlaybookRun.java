package com.lealup.api.playbook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records that a playbook matched a customer (sent by the engine only). {@code ownerId} is the customer's owner
 * at that moment, whom {@code assignee: owner} names; {@code actions} are the playbook's actions then, of its version
 * {@code playbookVersion}.
 */
public record StartPlaybookRun(@TargetAggregateIdentifier String runId, String playbookId, String playbookName,
                               String workspaceId, String customerId, String ownerId, String triggerType,
                               Map<String, Object> snapshot, List<PlaybookAction> actions, Instant matchedAt,
                               Long playbookVersion) {
}

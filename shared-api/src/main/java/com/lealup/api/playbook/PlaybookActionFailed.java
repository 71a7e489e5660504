package com.lealup.api.playbook;

import com.lealup.api.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An action of a run could not be done: {@code errorCode} is stable (e.g. {@code unknown_assignee}) and
 * {@code errorMessage} says more. The message can quote the run's customer (a refusal naming a value), so it is
 * sealed with that customer's key. Revision 2 added {@code customerId}, the run's customer (null in revision 1,
 * whose message is stored in clear).
 */
@Revision("2")
public record PlaybookActionFailed(String runId, String playbookId, String workspaceId, int actionIndex,
                                   String actionType, String errorCode, @PersonalData String errorMessage, Instant at,
                                   String customerId) {
}

package com.lealup.api.playbook;

import com.lealup.api.PersonalData;
import com.lealup.api.customer.AboutACustomer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A playbook run: the playbook matched the customer at {@code matchedAt}. {@code snapshot} holds the values that
 * made it match (for a condition, every field the expression reads; for an event, the event's type and subject).
 * Every action starts pending; its outcome is a {@link PlaybookActionSucceeded} or {@link PlaybookActionFailed}
 * (a notify action's, the notification's {@code NotificationDelivered} or {@code NotificationFailed}).
 * {@code playbookVersion} is the version of the playbook (its events' sequence number) whose definition matched, so
 * that a run is cancelled by a disable after it, however quickly the playbook was enabled again; revision 2 added it,
 * null in the runs of revision 1.
 */
@Revision("2")
public record PlaybookTriggered(String runId, String playbookId, String playbookName, String workspaceId,
                                String customerId, String ownerId, String triggerType, @PersonalData Map<String, Object> snapshot,
                                List<PlaybookAction> actions, Instant matchedAt, Long playbookVersion)
        implements AboutACustomer {
}

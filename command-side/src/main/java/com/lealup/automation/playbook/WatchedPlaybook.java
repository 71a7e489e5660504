package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.expression.Expression;
import com.lealup.api.playbook.expression.StandardField;
import java.util.List;

/**
 * An enabled playbook as the engine uses it: {@code condition} is parsed once (null for event triggers, whose
 * {@code eventType} is set instead); {@code version} is the sequence number of the playbook's event that defined it
 * (null when saved before the engine kept it).
 */
record WatchedPlaybook(String id, String workspaceId, String name, String triggerType, Expression condition,
                       String eventType, List<PlaybookAction> actions, int cooldownDays, Long version) {

    /** Whether its condition can change with the day alone (renewal triggers are such conditions too). */
    boolean readsTheDay() {
        return condition != null && condition.fields().contains(StandardField.DAYS_TO_RENEWAL);
    }
}

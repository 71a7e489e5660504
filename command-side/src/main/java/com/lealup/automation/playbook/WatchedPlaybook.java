package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.expression.Expression;
import java.util.List;

/**
 * An enabled playbook as the engine uses it: {@code condition} is parsed once (null for event triggers, whose
 * {@code eventType} is set instead).
 */
record WatchedPlaybook(String id, String workspaceId, String name, String triggerType, Expression condition,
                       String eventType, List<PlaybookAction> actions, int cooldownDays) {
}

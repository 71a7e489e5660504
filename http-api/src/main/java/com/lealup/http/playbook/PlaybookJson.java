package com.lealup.http.playbook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.lealup.http.support.JsonScalar;
import org.springframework.lang.Nullable;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookRunView;
import com.lealup.api.playbook.PlaybookTrigger;
import com.lealup.api.playbook.PlaybookView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A playbook as the API shows it (API.md section 6); trigger and actions show only their type's fields. */
@Schema(name = "Playbook", example = """
        {"id": "pbk_01JD3K7A8B9C0D1E2F3G4H5J6K", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X",
        "name": "Rescue at-risk enterprise accounts", "description": "Health below 60 in the Enterprise segment",
        "trigger": {"type": "condition", "expression": "health_score < 60 AND segment == 'Enterprise'"},
        "actions": [{"type": "create_task", "title": "Call champion", "assignee": "owner", "due_in_days": 2,
        "priority": "high"}, {"type": "notify", "channel": "slack", "target": "#cs-alerts"}],
        "enabled": true, "cooldown_days": 7, "created_at": "2026-03-02T09:30:00Z", "updated_at": "2026-11-20T14:05:00Z", "version": 3}""")
record PlaybookJson(String id, String tenantId, String name, @Nullable String description, Trigger trigger,
                    List<Action> actions, boolean enabled, int cooldownDays, Instant createdAt, Instant updatedAt,
                    long version) {

    @Schema(name = "PlaybookTrigger")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Trigger(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type, String expression, String eventType,
                   Integer daysBefore) {
    }

    @Schema(name = "PlaybookAction")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Action(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type, String title, String description,
                  String assignee, Integer dueInDays, String priority, String channel, String target, String key,
                  @JsonScalar Object value) {
    }

    /** A run of a playbook: the values that made it match and the outcome of each action. */
    @Schema(name = "PlaybookRun", example = """
            {"id": "run_01JD3K8A9B0C1D2E3F4G5H6J7K", "playbook_id": "pbk_01JD3K7A8B9C0D1E2F3G4H5J6K",
            "customer_id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "matched_at": "2026-11-30T07:59:59.204518Z",
            "snapshot": {"health_score": 54, "segment": "Enterprise"},
            "actions": [{"type": "create_task", "status": "succeeded", "task_id": "tsk_01JD3K6A7B8C9D0E1F2G3H4J5K"},
            {"type": "notify", "status": "succeeded"}]}""")
    record Run(String id, String playbookId, String customerId, Instant matchedAt, Map<String, Object> snapshot,
               List<RunAction> actions) {

        static Run of(PlaybookRunView r) {
            return new Run(r.id(), r.playbookId(), r.customerId(), r.matchedAt(), r.snapshot(),
                    r.actions().stream().map(a -> new RunAction(a.type(), a.status(), a.taskId(), a.error())).toList());
        }
    }

    @Schema(name = "PlaybookRunAction")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunAction(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
                     @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String status, String taskId,
                     @Schema(description = "Why a failed action failed, a stable code: the refusal of what it asked "
                             + "(e.g. unknown_assignee), not_found (the customer is gone), or playbook_deleted / "
                             + "playbook_disabled (the playbook was deleted or disabled after the run matched, "
                             + "before its actions were done), or dropped (an operator evicted the run from the "
                             + "dead letters after it failed)") String error) {
    }

    static PlaybookJson of(PlaybookView p) {
        PlaybookDefinition d = p.definition();
        PlaybookTrigger t = d.trigger();
        return new PlaybookJson(p.id(), p.workspaceId(), d.name(), d.description(),
                new Trigger(t.type(), t.expression(), t.eventType(), t.daysBefore()),
                d.actions().stream().map(PlaybookJson::action).toList(), d.enabled(), d.cooldownDays(), p.createdAt(),
                p.updatedAt(), p.version());
    }

    private static Action action(PlaybookAction a) {
        return new Action(a.type(), a.title(), a.description(), a.assignee(), a.dueInDays(), a.priority(), a.channel(),
                a.target(), a.key(), a.value());
    }
}

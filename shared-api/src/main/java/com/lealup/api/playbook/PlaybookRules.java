package com.lealup.api.playbook;

import com.lealup.api.usage.UsageEventTypes;
import java.util.List;
import java.util.stream.Stream;

/** The values a playbook may hold, shared by the API's validation and the engine. */
public final class PlaybookRules {

    /**
     * The events an event trigger can name (docs/playbooks.md): domain events the engine observes, and the ingested
     * usage event types the health model reads (each accepted usage event of the type counts once). Events a
     * playbook's own actions cause (task.created, customer.updated) are left out, so playbooks cannot loop.
     */
    public static final String CUSTOMER_CREATED = "customer.created";
    public static final String CUSTOMER_RESTORED = "customer.restored";
    public static final String CUSTOMER_HEALTH_CHANGED = "customer.health_changed";
    public static final String TASK_COMPLETED = "task.completed";
    /**
     * The ingested types a trigger can name: only an ingested event of one of these fires a playbook. One whose type
     * is a domain event's name ({@code customer.created} sent to {@code POST /v1/events}) counts as product activity
     * for health, and fires nothing: a key that can ingest must not stand in for the customer's or a task's history.
     */
    public static final List<String> INGESTED_EVENT_TYPES = List.of(UsageEventTypes.LOGIN,
            UsageEventTypes.FEATURE_USED, UsageEventTypes.MEETING_HELD, UsageEventTypes.EMAIL_SENT,
            UsageEventTypes.NPS_RESPONSE, UsageEventTypes.TICKET_OPENED, UsageEventTypes.TICKET_CLOSED,
            UsageEventTypes.INVOICE_OVERDUE, UsageEventTypes.INVOICE_PAID);
    public static final List<String> EVENT_TYPES = Stream.concat(
            Stream.of(CUSTOMER_CREATED, CUSTOMER_RESTORED, CUSTOMER_HEALTH_CHANGED, TASK_COMPLETED),
            INGESTED_EVENT_TYPES.stream()).toList();

    public static final List<String> TRIGGER_TYPES = List.of(PlaybookTrigger.CONDITION, PlaybookTrigger.EVENT,
            PlaybookTrigger.RENEWAL);
    public static final List<String> ACTION_TYPES = List.of(PlaybookAction.CREATE_TASK, PlaybookAction.NOTIFY,
            PlaybookAction.SET_CUSTOM_FIELD);
    public static final String SLACK = "slack";
    public static final String WEBHOOK = "webhook";
    public static final List<String> CHANNELS = List.of(SLACK, WEBHOOK);
    public static final int DEFAULT_COOLDOWN_DAYS = 0;

    private PlaybookRules() {
    }
}

package com.lealup.api.playbook;

import java.util.List;

/** The values a playbook may hold, shared by the API's validation and the engine. */
public final class PlaybookRules {

    /** Domain events an event trigger can name: the engine observes exactly these (docs/playbooks.md). */
    public static final String CUSTOMER_CREATED = "customer.created";
    public static final String CUSTOMER_RESTORED = "customer.restored";
    public static final String TASK_COMPLETED = "task.completed";
    public static final List<String> EVENT_TYPES = List.of(CUSTOMER_CREATED, CUSTOMER_RESTORED, TASK_COMPLETED);

    public static final List<String> TRIGGER_TYPES = List.of(PlaybookTrigger.CONDITION, PlaybookTrigger.EVENT,
            PlaybookTrigger.RENEWAL);
    public static final List<String> ACTION_TYPES = List.of(PlaybookAction.CREATE_TASK, PlaybookAction.NOTIFY,
            PlaybookAction.SET_CUSTOM_FIELD);
    public static final List<String> CHANNELS = List.of("slack", "webhook");
    public static final int DEFAULT_COOLDOWN_DAYS = 0;

    private PlaybookRules() {
    }
}

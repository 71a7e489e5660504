package com.lealup.api.webhook;

import java.util.List;

/**
 * The catalogue of event types a webhook subscription can ask for (API.md section 8); {@link #ALL} ({@code "*"})
 * asks for every one, those added later included. Payloads are documented in docs/webhooks.md.
 */
public final class WebhookEventTypes {

    public static final String ALL = "*";

    public static final String CUSTOMER_CREATED = "customer.created";
    public static final String CUSTOMER_UPDATED = "customer.updated";
    public static final String CUSTOMER_DELETED = "customer.deleted";
    public static final String CUSTOMER_RESTORED = "customer.restored";
    public static final String CUSTOMER_ERASED = "customer.erased";
    public static final String CUSTOMER_HEALTH_CHANGED = "customer.health_changed";
    public static final String TASK_CREATED = "task.created";
    public static final String TASK_COMPLETED = "task.completed";
    public static final String PLAYBOOK_TRIGGERED = "playbook.triggered";
    public static final String IMPORT_COMPLETED = "import.completed";

    public static final List<String> CATALOGUE = List.of(CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_DELETED,
            CUSTOMER_RESTORED, CUSTOMER_ERASED, CUSTOMER_HEALTH_CHANGED, TASK_CREATED, TASK_COMPLETED, PLAYBOOK_TRIGGERED,
            IMPORT_COMPLETED);

    private WebhookEventTypes() {
    }

    public static boolean isKnown(String type) {
        return ALL.equals(type) || CATALOGUE.contains(type);
    }

    /** Whether a subscription to {@code subscribed} receives events of {@code type}. */
    public static boolean matches(List<String> subscribed, String type) {
        return subscribed.contains(ALL) || subscribed.contains(type);
    }
}

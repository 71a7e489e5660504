package com.lealup.api.health;

import java.util.List;

/** What made the system score a customer ({@link HealthScoreCalculated#trigger()}). */
public final class HealthTrigger {

    /** Ingested events, a completed task or a change of seats marked the customer. */
    public static final String EVENTS = "events";
    /** The daily rescore (time alone moves engagement and the activity windows). */
    public static final String DAILY = "daily";
    /** The workspace's model changed. */
    public static final String MODEL_CHANGE = "model_change";
    /** {@code POST /v1/customers/{id}/health/recalculate}. */
    public static final String MANUAL = "manual";

    public static final List<String> ALL = List.of(EVENTS, DAILY, MODEL_CHANGE, MANUAL);

    private HealthTrigger() {
    }
}

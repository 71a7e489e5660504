package com.lealup.api.customer;

import java.time.Duration;
import java.util.List;

/** The vocabularies and fixed rules of customers shared by both sides and the API. */
public final class CustomerLifecycle {

    public static final Duration TRASH_RETENTION = Duration.ofDays(30);
    public static final List<String> STATUSES = List.of("active", "trial", "churned", "paused");
    public static final List<String> FORECAST_CATEGORIES = List.of("pipeline", "best_case", "commit", "closed", "omitted");
    public static final List<String> HEALTH_STATUSES = List.of("healthy", "neutral", "at_risk");
    public static final String DEFAULT_CURRENCY = "USD";
    public static final String DEFAULT_STATUS = "active";
    public static final String DEFAULT_FORECAST_CATEGORY = "pipeline";
    /** Keys of a customer's custom fields: what a request sends, and what the customer holds after a merge. */
    public static final int MAX_CUSTOM_FIELDS = 100;

    private CustomerLifecycle() {
    }
}

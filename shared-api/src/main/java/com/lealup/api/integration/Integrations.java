package com.lealup.api.integration;

import java.util.List;

/** The integrations a workspace may connect (API.md section 8), their statuses and aggregate ids. */
public final class Integrations {

    public static final String SLACK = "slack";
    public static final List<String> NAMES = List.of("gmail", "google_calendar", SLACK, "hubspot", "salesforce",
            "zendesk");

    public static final String DISCONNECTED = "disconnected";
    public static final String PENDING = "pending";
    public static final String CONNECTED = "connected";
    public static final String ERROR = "error";

    private Integrations() {
    }

    /** The id of the aggregate of one workspace's integration: one per workspace and name. */
    public static String aggregateId(String workspaceId, String name) {
        return workspaceId + "/" + name;
    }
}

package com.lealup.api.identity;

import java.util.List;

/** Every scope an API key may carry. {@link #ADMIN} stands for all of them (and GDPR hard delete). */
public final class Scopes {

    public static final String ADMIN = "admin:*";

    public static final List<String> ALL = List.of(
            "customers:read", "customers:write",
            "health:read", "health:write",
            "playbooks:read", "playbooks:write",
            "tasks:read", "tasks:write",
            "users:read", "users:write",
            "analytics:read",
            "events:read", "events:write",
            "webhooks:read", "webhooks:write",
            "integrations:read", "integrations:write",
            ADMIN);

    private Scopes() {
    }

    public static boolean isKnown(String scope) {
        return scope != null && ALL.contains(scope);
    }
}

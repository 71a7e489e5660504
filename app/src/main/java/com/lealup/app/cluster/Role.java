package com.lealup.app.cluster;

import java.util.Locale;

/**
 * What a node runs ({@code LEALUP_ROLES}): {@code api} the {@code /v1} surface, {@code command} the aggregates'
 * command handlers, {@code query} the projections, {@code automation} the policies and their scheduled sweeps.
 */
public enum Role {
    API, COMMAND, QUERY, AUTOMATION;

    /**
     * The role that runs an event handler or scheduled job of {@code type}, by its package (docs/architecture.md):
     * projections live in {@code com.lealup.read}, policies in {@code com.lealup.automation}. One projection lives in
     * the app, next to the queries it serves: {@code com.lealup.app.history} writes the snapshots of the time-travel
     * fold from the event store, which only the app reads (a cache of a query's answers, role {@code query}). A
     * processor anywhere else has no role, and the server refuses to start rather than run it everywhere or nowhere.
     */
    public static Role runningHandlersOf(Class<?> type) {
        String name = type.getName();
        if (name.startsWith("com.lealup.read.") || name.startsWith("com.lealup.app.history.")) {
            return QUERY;
        }
        if (name.startsWith("com.lealup.automation.")) {
            return AUTOMATION;
        }
        throw new IllegalStateException(name + " handles events outside com.lealup.read and com.lealup.app.history "
                + "(projections, role query) and com.lealup.automation (policies, role automation): no role runs it");
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

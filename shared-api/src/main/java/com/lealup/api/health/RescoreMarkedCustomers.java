package com.lealup.api.health;

import java.util.List;

/**
 * Rescores customers of one workspace that are marked for it, in one transaction, and clears each mark unless it was
 * set again since it was read ({@code markSeq}). The background sweep's command; customers purged meanwhile are
 * skipped. Answers nothing. A mark names the {@link HealthTrigger} its customer's new score reports, and the trace id
 * its events carry: the one of the request that caused the mark, or (null) the sweep's own.
 */
public record RescoreMarkedCustomers(String workspaceId, List<Mark> marks) {

    public record Mark(String customerId, long markSeq, String trigger, String traceId) {
    }
}

package com.lealup.write.usage;

import java.util.Collection;
import java.util.List;

/**
 * The port through which policies read and erase the usage log ({@code usage_log}, {@code usage_event_id_claim}):
 * the playbook engine reads a batch's events, the trash purge erases a purged customer's usage. Implemented by
 * {@link UsageLog}; ingestion writes the log directly.
 */
public interface UsageLogPort {

    /** A stored event as the playbook engine needs it. */
    record LoggedEvent(String id, String type) {
    }

    /** The events of {@code types} a batch stored for a customer, in time order. */
    List<LoggedEvent> events(String batchId, String customerId, Collection<String> types);

    /** Erases a purged customer's usage: its log rows and the claims of their client event ids. */
    void erase(String workspaceId, String customerId);
}

package com.lealup.api.customer;

import com.lealup.api.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answer to {@link FindCustomerHistory}. */
public record CustomerHistory(boolean found, List<Entry> entries) {

    /** The event types of a customer's history, as {@code type} names them. */
    public static final String CUSTOMER_CREATED = "customer.created";
    public static final String CUSTOMER_UPDATED = "customer.updated";
    public static final String CUSTOMER_DELETED = "customer.deleted";
    public static final String CUSTOMER_RESTORED = "customer.restored";
    public static final String CONTACT_ADDED = "contact.added";
    public static final String CONTACT_UPDATED = "contact.updated";
    public static final String CONTACT_REMOVED = "contact.removed";
    public static final String CUSTOMER_ERASED = "customer.erased";
    public static final List<String> TYPES = List.of(CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_DELETED,
            CUSTOMER_RESTORED, CONTACT_ADDED, CONTACT_UPDATED, CONTACT_REMOVED, CUSTOMER_ERASED);

    public static CustomerHistory notFound() {
        return new CustomerHistory(false, List.of());
    }

    /**
     * One event: {@code sequence} is its place in the customer's stream (0 for the creation), {@code actor} who caused
     * it (from the event's metadata; null members when the metadata has none), {@code changes} each field it changed
     * with its value before and after, keyed by the field's API name ({@code custom_fields.<key>},
     * {@code contacts.<contact id>.<field>} for contacts).
     */
    public record Entry(String eventId, long sequence, String type, Instant occurredAt, Actor actor, String traceId,
                        Map<String, FieldChange> changes) {
    }

    /** A field's value before and after an event (null: absent). Dates and times are ISO 8601 text. */
    public record FieldChange(Object oldValue, Object newValue) {
    }
}

package com.lealup.api.customer;

import com.lealup.api.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@link FindCustomerHistory}: {@code entries} holds the page's {@code pageSize} entries, and one more
 * when more follow. {@code pageSize} is the limit asked, or fewer when the page's changed values reached the text a
 * page holds (docs/customers.md).
 */
public record CustomerHistory(List<Entry> entries, int pageSize) {

    /** The event types of a customer's history, as {@code type} names them. */
    public static final String CUSTOMER_CREATED = "customer.created";
    public static final String CUSTOMER_UPDATED = "customer.updated";
    public static final String CUSTOMER_DELETED = "customer.deleted";
    public static final String CUSTOMER_RESTORED = "customer.restored";
    public static final String CONTACT_ADDED = "contact.added";
    public static final String CONTACT_UPDATED = "contact.updated";
    public static final String CONTACT_REMOVED = "contact.removed";
    public static final String CUSTOMER_ERASED = "customer.erased";
    /** A change of the health score: not an event of the customer aggregate, the name of the webhook and playbooks. */
    public static final String CUSTOMER_HEALTH_CHANGED = "customer.health_changed";
    /** The events of the customer aggregate. */
    public static final List<String> CUSTOMER_TYPES = List.of(CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_DELETED,
            CUSTOMER_RESTORED, CONTACT_ADDED, CONTACT_UPDATED, CONTACT_REMOVED, CUSTOMER_ERASED);
    public static final List<String> TYPES = List.of(CUSTOMER_CREATED, CUSTOMER_UPDATED, CUSTOMER_DELETED,
            CUSTOMER_RESTORED, CONTACT_ADDED, CONTACT_UPDATED, CONTACT_REMOVED, CUSTOMER_ERASED,
            CUSTOMER_HEALTH_CHANGED);

    /** The actor of a change of score: the system's scoring, whatever caused it (the trace id names the request). */
    public static final Actor HEALTH_SCORING = new Actor(Actor.SYSTEM, "health-scoring");
    /** The fields a change of score names in {@code changes}. */
    public static final String HEALTH_SCORE = "health_score";
    public static final String HEALTH_STATUS = "health_status";

    /**
     * One entry: {@code version} is the customer's version after its event (null for a change of score, which is no
     * event of the customer and changes no version), {@code actor} who caused it (from the event's metadata; null
     * members when the metadata has none), {@code changes} each field it changed with its value before and after,
     * keyed by the field's API name ({@code custom_fields.<key>}, {@code contacts.<contact id>.<field>} for contacts,
     * {@code health_score} and {@code health_status} for a score). {@code position} is the history's place after it.
     */
    public record Entry(String eventId, Long version, String type, Instant occurredAt, Actor actor, String traceId,
                        Map<String, FieldChange> changes, Position position) {
    }

    /**
     * A place in the merged history: the last customer event passed ({@code sequence} in its stream, null: none) and
     * the last score passed ({@code calculation}, 0: none). The page after it reads the events after the one and the
     * scores after the other.
     */
    public record Position(Long sequence, long calculation) {
    }

    /** A field's value before and after an event (null: absent). Dates and times are ISO 8601 text. */
    public record FieldChange(Object oldValue, Object newValue) {
    }
}

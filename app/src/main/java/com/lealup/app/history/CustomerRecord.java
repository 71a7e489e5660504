package com.lealup.app.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.lealup.api.PersonalData;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.customer.ContactAdded;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.ContactRemoved;
import com.lealup.api.customer.ContactUpdated;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerHistory;
import com.lealup.api.customer.CustomerHistory.FieldChange;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.customer.CustomerView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A customer folded from its own events, field by field under the API's names, for the audit trail (what each
 * event changed, from what to what) and for time travel (the customer as of an instant). It reads the events as
 * they are stored and is deterministic: the times are the events' own. The personal data of an erased customer reads
 * as {@code "[erased]"} in every event (the event format's doing), so the history keeps its entries and shape.
 */
final class CustomerRecord {

    /**
     * The version of this class's fold (its state and the rules of {@link #apply}): a {@link Snapshot} taken under
     * another version is ignored. Raise it with any change of either.
     */
    static final int FOLD_VERSION = 3;
    static final String CUSTOM_FIELDS = "custom_fields.";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    static final String CONTACTS = "contacts.";

    /** Every field under its API name: the customer's own, {@code custom_fields.<key>}, {@code contacts.<id>.<field>}. */
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private String customerId;
    private String workspaceId;
    private Instant createdAt;
    private Instant updatedAt;
    /** The latest of the times of the events folded (a stream's times need not grow: the clock may step back). */
    private Instant foldedThrough;
    private long version;
    private boolean deleted;
    private boolean purged;

    /** What one event did: its type in the history, its time, and each field it changed. */
    record Applied(String type, Instant at, Map<String, FieldChange> changes) {
    }

    /**
     * The state of a record, stored by {@link CustomerRecordSnapshots} in the event format: {@code fields} holds
     * personal data and is sealed with the customer's key like its events, so the customer's erasure shreds it too
     * (it then reads empty, which {@code field_count} tells from a record without fields). Public for the event
     * format, which reads its {@code customerId} (the subject of the sealing) by reflection.
     */
    public record Snapshot(String customerId, String workspaceId, Instant createdAt, Instant updatedAt, Instant foldedThrough,
                    long version, boolean deleted, boolean purged, int fieldCount,
                    @PersonalData Map<String, Object> fields) {
    }

    CustomerRecord() {
    }

    private CustomerRecord(Snapshot snapshot) {
        customerId = snapshot.customerId();
        workspaceId = snapshot.workspaceId();
        createdAt = snapshot.createdAt();
        updatedAt = snapshot.updatedAt();
        foldedThrough = snapshot.foldedThrough();
        version = snapshot.version();
        deleted = snapshot.deleted();
        purged = snapshot.purged();
        fields.putAll(snapshot.fields());
        // the format reads an untyped whole number as an Integer or a Long: arr is a BigDecimal, as apply() puts it
        fields.computeIfPresent("arr", (field, arr) -> new BigDecimal(arr.toString()).stripTrailingZeros());
    }

    /** The record a snapshot holds; empty when its fields no longer open (the customer's key is erased). */
    static Optional<CustomerRecord> of(Snapshot snapshot) {
        return snapshot.fields().size() == snapshot.fieldCount() ? Optional.of(new CustomerRecord(snapshot))
                : Optional.empty();
    }

    Snapshot snapshot() {
        return new Snapshot(customerId, workspaceId, createdAt, updatedAt, foldedThrough, version, deleted, purged,
                fields.size(), new LinkedHashMap<>(fields));
    }

    /** Folds the next event of the customer's stream; null for an event this record does not know (none today). */
    Applied apply(Object event) {
        Instant at = timeOf(event);
        if (at == null) {
            return null;
        }
        Map<String, Object> set = new LinkedHashMap<>();
        String type;
        if (event instanceof CustomerCreated e) {
            customerId = e.customerId();
            workspaceId = e.workspaceId();
            createdAt = e.createdAt();
            customer(set, e.fields(), Set.of());
            type = CustomerHistory.CUSTOMER_CREATED;
        } else if (event instanceof CustomerUpdated e) {
            customer(set, e.changes(), e.cleared());
            type = CustomerHistory.CUSTOMER_UPDATED;
        } else if (event instanceof CustomerDeleted e) {
            deleted = true;
            set.put("deleted_at", micros(e.deletedAt()));
            set.put("purge_after", micros(e.purgeAfter()));
            type = CustomerHistory.CUSTOMER_DELETED;
        } else if (event instanceof CustomerRestored e) {
            deleted = false;
            set.put("deleted_at", null);
            set.put("purge_after", null);
            type = CustomerHistory.CUSTOMER_RESTORED;
        } else if (event instanceof CustomerPurged e) {
            purged = true;
            type = "customer.purged";
        } else if (event instanceof CustomerErased e) {
            purged = true;
            set.put("erased_at", micros(e.erasedAt()));
            type = CustomerHistory.CUSTOMER_ERASED;
        } else if (event instanceof ContactAdded e) {
            contact(set, e.contactId(), e.fields(), Set.of());
            // a contact added without it is no champion, as every read of it answers
            set.putIfAbsent(CONTACTS + e.contactId() + ".is_champion", false);
            type = CustomerHistory.CONTACT_ADDED;
        } else if (event instanceof ContactUpdated e) {
            contact(set, e.contactId(), e.changes(), e.cleared());
            type = CustomerHistory.CONTACT_UPDATED;
        } else if (event instanceof ContactRemoved e) {
            String prefix = CONTACTS + e.contactId() + ".";
            fields.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> set.put(k, null));
            type = CustomerHistory.CONTACT_REMOVED;
        } else {
            throw new IllegalStateException("an event of the customer without a type in its history: " + event);
        }
        version++;
        updatedAt = at;
        if (foldedThrough == null || at.isAfter(foldedThrough)) {
            foldedThrough = at;
        }
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        set.forEach((field, value) -> {
            Object old = fields.get(field);
            if (!same(old, value)) {
                changes.put(field, new FieldChange(old, value));
            }
            if (value == null) {
                fields.remove(field);
            } else {
                fields.put(field, value);
            }
        });
        return new Applied(type, at, Collections.unmodifiableMap(changes));
    }

    /** The time an event of the customer happened (its own, as the domain's clock gave it); null for another event. */
    static Instant timeOf(Object event) {
        if (event instanceof CustomerCreated e) {
            return e.createdAt();
        } else if (event instanceof CustomerUpdated e) {
            return e.updatedAt();
        } else if (event instanceof CustomerDeleted e) {
            return e.deletedAt();
        } else if (event instanceof CustomerRestored e) {
            return e.restoredAt();
        } else if (event instanceof CustomerPurged e) {
            return e.purgedAt();
        } else if (event instanceof CustomerErased e) {
            return e.erasedAt();
        } else if (event instanceof ContactAdded e) {
            return e.addedAt();
        } else if (event instanceof ContactUpdated e) {
            return e.updatedAt();
        } else if (event instanceof ContactRemoved e) {
            return e.removedAt();
        }
        return null;
    }

    boolean exists() {
        return customerId != null && !purged;
    }

    boolean deleted() {
        return deleted;
    }

    String workspaceId() {
        return workspaceId;
    }

    Instant foldedThrough() {
        return foldedThrough;
    }

    /**
     * The customer as the read model would have shown it after the events folded so far (no health), its times to the
     * microsecond as the read model keeps them.
     */
    CustomerView view() {
        Map<String, Object> custom = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(CUSTOM_FIELDS)) {
                custom.put(k.substring(CUSTOM_FIELDS.length()), v);
            }
        });
        String renewal = (String) fields.get("renewal_date");
        String deletedAt = (String) fields.get("deleted_at");
        String purgeAfter = (String) fields.get("purge_after");
        return new CustomerView(customerId, workspaceId, (String) fields.get("name"), (String) fields.get("email_domain"),
                (BigDecimal) fields.getOrDefault("arr", BigDecimal.ZERO), (String) fields.get("currency"),
                (String) fields.get("status"), (String) fields.get("owner_id"), (String) fields.get("segment_id"),
                renewal == null ? null : LocalDate.parse(renewal), (String) fields.get("forecast_category"), json(custom),
                null, null, null, UtcTimestamps.toMicros(createdAt), UtcTimestamps.toMicros(updatedAt), version,
                deletedAt == null ? null : UtcTimestamps.toMicros(Instant.parse(deletedAt)),
                purgeAfter == null ? null : UtcTimestamps.toMicros(Instant.parse(purgeAfter)));
    }

    /** The custom fields as the application's mapper writes them (amounts plain, application.yml): the API's text. */
    private static String json(Map<String, Object> custom) {
        try {
            return JSON.writeValueAsString(custom);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("custom fields of a folded customer", e);
        }
    }

    private static void customer(Map<String, Object> set, CustomerFields f, Set<String> cleared) {
        put(set, "name", f.name());
        put(set, "email_domain", f.emailDomain());
        put(set, "arr", f.arr() == null ? null : f.arr().stripTrailingZeros());
        put(set, "currency", f.currency());
        put(set, "status", f.status());
        put(set, CustomerFields.OWNER_ID, f.ownerId());
        put(set, CustomerFields.SEGMENT_ID, f.segmentId());
        put(set, CustomerFields.RENEWAL_DATE, f.renewalDate() == null ? null : f.renewalDate().toString());
        put(set, "forecast_category", f.forecastCategory());
        cleared.forEach(field -> set.put(field, null));
        if (f.customFields() != null) {
            // a null value removes the key
            f.customFields().forEach((key, value) -> set.put(CUSTOM_FIELDS + key, value));
        }
    }

    private static void contact(Map<String, Object> set, String contactId, ContactFields f, Set<String> cleared) {
        String prefix = CONTACTS + contactId + ".";
        put(set, prefix + "name", f.name());
        put(set, prefix + "email", f.email());
        put(set, prefix + ContactFields.TITLE, f.title());
        put(set, prefix + "is_champion", f.isChampion());
        put(set, prefix + ContactFields.WHATSAPP_NUMBER, f.whatsappNumber());
        cleared.forEach(field -> set.put(prefix + field, null));
    }

    /** A value the event sets (a null in an event's fields means "unchanged", not "cleared"). */
    private static void put(Map<String, Object> set, String field, Object value) {
        if (value != null) {
            set.put(field, value);
        }
    }

    private static boolean same(Object a, Object b) {
        if (PersonalData.ERASED.equals(b)) {
            // an erased value tells nothing of what it was; the event set the field, and its entry keeps saying so
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    /** A time as the API shows every other: to the microsecond, as the read models keep it. */
    private static String micros(Instant instant) {
        return UtcTimestamps.toMicros(instant).toString();
    }
}

package com.lealup.read.customer;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.HealthScoreCalculated;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a run of events (at most a processor's batch) does to one customer's row in {@code customer_view}, folded
 * in their order, so that {@link BatchedWrites} sends one row per customer: a whole row when the run creates the
 * customer, else a patch of what the run changes, applied in SQL as each event's statement would have been
 * ({@link com.lealup.api.customer.CustomerFieldsPatch}). The patch applies to a row older than the run's first
 * event; a row past some of its events but not all (rare: a batch commits with its token) gets them one by one.
 */
final class CustomerChange {

    enum Trash { UNCHANGED, DELETED, RESTORED }

    final String customerId;
    /** The customer's creation, when the run has it: the change is then a whole new row. */
    CustomerCreated created;
    /** The version after the run's first event and after its last; 0 while only health was folded. */
    long firstVersion;
    long version;
    Instant updatedAt;
    /** A {@link CustomerUpdated} was folded: its fields' patch applies (custom fields lose their null values). */
    boolean updated;
    String name;
    String domain;
    BigDecimal arr;
    String currency;
    String status;
    String forecast;
    boolean clearOwner;
    String owner;
    boolean clearSegment;
    String segment;
    boolean clearRenewal;
    LocalDate renewal;
    /** The custom fields that change, in order; a null value removes its key. */
    final Map<String, Object> custom = new LinkedHashMap<>();
    Trash trash = Trash.UNCHANGED;
    Instant deletedAt;
    Instant purgeAfter;
    /** The newest score of the run (the first of the highest calculation): the only one that can stay. */
    HealthScoreCalculated health;

    /** The events folded, in order: applied one by one again when the row was past some of them. */
    final List<Consumer<CustomerChange>> events = new ArrayList<>();

    CustomerChange(String customerId) {
        this.customerId = customerId;
    }

    void fold(Consumer<CustomerChange> event) {
        events.add(event);
        event.accept(this);
    }

    void create(CustomerCreated event, long version) {
        created = event;
        moveTo(version, event.createdAt());
    }

    void update(CustomerUpdated event, long version) {
        moveTo(version, event.updatedAt());
        updated = true;
        CustomerFields c = event.changes();
        Set<String> cleared = event.cleared();
        name = c.name() != null ? c.name() : name;
        domain = c.emailDomain() != null ? c.emailDomain() : domain;
        arr = c.arr() != null ? c.arr() : arr;
        currency = c.currency() != null ? c.currency() : currency;
        status = c.status() != null ? c.status() : status;
        forecast = c.forecastCategory() != null ? c.forecastCategory() : forecast;
        // as CustomerFieldsPatch: a cleared field is null whatever the event sets
        if (cleared.contains(CustomerFields.OWNER_ID) || c.ownerId() != null) {
            clearOwner = cleared.contains(CustomerFields.OWNER_ID);
            owner = clearOwner ? null : c.ownerId();
        }
        if (cleared.contains(CustomerFields.SEGMENT_ID) || c.segmentId() != null) {
            clearSegment = cleared.contains(CustomerFields.SEGMENT_ID);
            segment = clearSegment ? null : c.segmentId();
        }
        if (cleared.contains(CustomerFields.RENEWAL_DATE) || c.renewalDate() != null) {
            clearRenewal = cleared.contains(CustomerFields.RENEWAL_DATE);
            renewal = clearRenewal ? null : c.renewalDate();
        }
        if (c.customFields() != null) {
            custom.putAll(c.customFields());
        }
    }

    void delete(CustomerDeleted event, long version) {
        moveTo(version, event.deletedAt());
        trash = Trash.DELETED;
        deletedAt = event.deletedAt();
        purgeAfter = event.purgeAfter();
    }

    void restore(CustomerRestored event, long version) {
        moveTo(version, event.restoredAt());
        trash = Trash.RESTORED;
        deletedAt = null;
        purgeAfter = null;
    }

    /** As the row's guard on {@code health_calculation}: a score replaces only a lower calculation. */
    void health(HealthScoreCalculated event) {
        if (health == null || event.calculation() > health.calculation()) {
            health = event;
        }
    }

    private void moveTo(long version, Instant at) {
        if (this.version == 0) {
            firstVersion = version;
        }
        this.version = version;
        updatedAt = at;
    }

    // The whole row of a created customer: its creation with the run's patch applied, as the SQL of an update does.

    String rowName() {
        return name != null ? name : created.fields().name();
    }

    String rowDomain() {
        return domain != null ? domain : created.fields().emailDomain();
    }

    /** An update writes the name's key and the domain as stored; a creation the keys of both. */
    String rowSearchText() {
        return updated ? SearchText.key(rowName()) + " " + rowDomain()
                : SearchText.key(rowName()) + " " + SearchText.key(rowDomain());
    }

    BigDecimal rowArr() {
        return arr != null ? arr : created.fields().arr();
    }

    String rowCurrency() {
        return currency != null ? currency : created.fields().currency();
    }

    String rowStatus() {
        return status != null ? status : created.fields().status();
    }

    String rowForecast() {
        return forecast != null ? forecast : created.fields().forecastCategory();
    }

    String rowOwner() {
        return clearOwner ? null : owner != null ? owner : created.fields().ownerId();
    }

    String rowSegment() {
        return clearSegment ? null : segment != null ? segment : created.fields().segmentId();
    }

    LocalDate rowRenewal() {
        return clearRenewal ? null : renewal != null ? renewal : created.fields().renewalDate();
    }

    /** The created custom fields with the changes over them (their nulls are stripped in SQL when updated). */
    Map<String, Object> rowCustomFields() {
        Map<String, Object> created = this.created.fields().customFields();
        Map<String, Object> fields = new LinkedHashMap<>(created == null ? new HashMap<>() : created);
        fields.putAll(custom);
        return fields;
    }
}

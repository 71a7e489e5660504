package com.lealup.write.customer;

import com.lealup.api.customer.CustomerFields;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A customer's fields as its events left them, so that an update records only what it changes: a {@code PATCH} that
 * repeats the current values writes no event and keeps the version (docs/customers.md), and the history, the
 * webhooks and the playbooks see no change that is none.
 */
record CurrentFields(CustomerFields fields) {

    /** Custom fields never null here, and a copy: the event's map is not this state's. */
    CurrentFields {
        fields = new CustomerFields(fields.name(), fields.emailDomain(), fields.arr(), fields.currency(),
                fields.status(), fields.ownerId(), fields.segmentId(), fields.renewalDate(), fields.forecastCategory(),
                fields.customFields() == null ? Map.of()
                        : Collections.unmodifiableMap(new HashMap<>(fields.customFields())));
    }

    /** The fields after {@code changes} and {@code cleared} (an update's event; {@code null}: none cleared). */
    CurrentFields apply(CustomerFields changes, Set<String> clearedOrNull) {
        Set<String> cleared = clearedOrNull == null ? Set.of() : clearedOrNull;
        Map<String, Object> custom = new HashMap<>(fields.customFields() == null ? Map.of() : fields.customFields());
        if (changes.customFields() != null) {
            changes.customFields().forEach((key, value) -> {
                if (value == null) {
                    custom.remove(key);
                } else {
                    custom.put(key, value);
                }
            });
        }
        return new CurrentFields(new CustomerFields(
                or(changes.name(), fields.name()), or(changes.emailDomain(), fields.emailDomain()),
                or(changes.arr(), fields.arr()), or(changes.currency(), fields.currency()),
                or(changes.status(), fields.status()),
                cleared.contains(CustomerFields.OWNER_ID) ? null : or(changes.ownerId(), fields.ownerId()),
                cleared.contains(CustomerFields.SEGMENT_ID) ? null : or(changes.segmentId(), fields.segmentId()),
                cleared.contains(CustomerFields.RENEWAL_DATE) ? null : or(changes.renewalDate(), fields.renewalDate()),
                or(changes.forecastCategory(), fields.forecastCategory()), custom));
    }

    /** What of {@code requested} differs from the current fields ({@code null} where it does not). */
    CustomerFields changedBy(CustomerFields requested) {
        Map<String, Object> custom = new HashMap<>();
        if (requested.customFields() != null) {
            requested.customFields().forEach((key, value) -> {
                boolean unchanged = value == null ? !fields.customFields().containsKey(key)
                        : same(value, fields.customFields().get(key));
                if (!unchanged) {
                    custom.put(key, value);
                }
            });
        }
        return new CustomerFields(changed(requested.name(), fields.name()),
                changed(requested.emailDomain(), fields.emailDomain()), changed(requested.arr(), fields.arr()),
                changed(requested.currency(), fields.currency()), changed(requested.status(), fields.status()),
                changed(requested.ownerId(), fields.ownerId()), changed(requested.segmentId(), fields.segmentId()),
                changed(requested.renewalDate(), fields.renewalDate()),
                changed(requested.forecastCategory(), fields.forecastCategory()), custom.isEmpty() ? null : custom);
    }

    /** Of the fields an update clears, those that hold a value now (a name of no clearable field clears nothing). */
    Set<String> clearing(Set<String> cleared) {
        Set<String> holding = new HashSet<>();
        for (String field : cleared) {
            Object value = switch (field) {
                case CustomerFields.OWNER_ID -> fields.ownerId();
                case CustomerFields.SEGMENT_ID -> fields.segmentId();
                case CustomerFields.RENEWAL_DATE -> fields.renewalDate();
                default -> null;
            };
            if (value != null) {
                holding.add(field);
            }
        }
        return holding;
    }

    /** {@code changed} where an update sets it, else {@code current}. */
    static <T> T or(T changed, T current) {
        return changed != null ? changed : current;
    }

    /** {@code requested} if it is a value other than {@code current}, else {@code null} (no change). */
    static <T> T changed(T requested, T current) {
        return requested == null || same(requested, current) ? null : requested;
    }

    /** Numbers by value (145000 and 145000.00, an int and a long of a custom field), the rest by equality. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }
}

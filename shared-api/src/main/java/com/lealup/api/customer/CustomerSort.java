package com.lealup.api.customer;

import com.lealup.api.UtcTimestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The orders of the customer list; each ends with the id, so keyset pagination is stable. A keyset
 * position is {@code {sort, v (the sort value of the last row, null for a missing one), id}}.
 */
public enum CustomerSort {
    NAME("name", CustomerView::name, s -> s, false),
    ARR_DESC("-arr", c -> c.arr().toPlainString(), CustomerSort::amount, false),
    RENEWAL_DATE("renewal_date", c -> Objects.toString(c.renewalDate(), null), CustomerSort::date, true),
    HEALTH_SCORE_DESC("-health_score", c -> Objects.toString(c.healthScore(), null), Integer::valueOf, true),
    CREATED_AT_DESC("-created_at", c -> UtcTimestamps.format(c.createdAt()), CustomerSort::instant, false);

    public static final CustomerSort DEFAULT = CREATED_AT_DESC;
    /** What {@link #positionOf} writes: the sort, its value and the id. */
    private static final Set<String> POSITION_MEMBERS = Set.of("sort", "v", "id");
    /** A cursor's value goes to SQL: only what a row can hold (ARR below 10^15, years 0001-9999) is one. */
    private static final BigDecimal ARR_LIMIT = new BigDecimal("1000000000000000");

    private final String parameter;
    private final Function<CustomerView, String> value;
    private final Function<String, Object> parse;
    /** Whether a row may have no value to sort by (no renewal date, no score yet): only then is {@code v} null. */
    private final boolean nullable;

    CustomerSort(String parameter, Function<CustomerView, String> value, Function<String, Object> parse,
                 boolean nullable) {
        this.parameter = parameter;
        this.value = value;
        this.parse = parse;
        this.nullable = nullable;
    }

    public String parameter() {
        return parameter;
    }

    public static Optional<CustomerSort> fromParameter(String value) {
        return Arrays.stream(values()).filter(s -> s.parameter.equals(value)).findFirst();
    }

    public Map<String, String> positionOf(CustomerView customer) {
        Map<String, String> position = new HashMap<>();
        position.put("sort", parameter);
        position.put("v", value.apply(customer));
        position.put("id", customer.id());
        return position;
    }

    private static BigDecimal amount(String value) {
        BigDecimal amount = new BigDecimal(value);
        if (amount.signum() < 0 || amount.compareTo(ARR_LIMIT) >= 0 || amount.scale() > 2) {
            throw new IllegalArgumentException("not an ARR");
        }
        return amount;
    }

    private static LocalDate date(String value) {
        LocalDate date = LocalDate.parse(value);
        if (!date.toString().equals(value)) {
            throw new IllegalArgumentException("not a date as a cursor holds it");
        }
        return inYears(date, date.getYear());
    }

    /** As {@link #positionOf} writes it: an offset ({@code +18:00}) or a tenth digit of fraction is no timestamptz. */
    private static Instant instant(String value) {
        Instant instant = Instant.parse(value);
        if (!UtcTimestamps.format(instant).equals(value)) {
            throw new IllegalArgumentException("not an instant as a cursor holds it");
        }
        return inYears(instant, instant.atOffset(java.time.ZoneOffset.UTC).getYear());
    }

    private static <T> T inYears(T value, int year) {
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    /** Whether {@code position} is one this order issued (a cursor of another sort, or tampered with, is not). */
    public boolean accepts(Map<String, String> position) {
        if (!POSITION_MEMBERS.equals(position.keySet()) || !parameter.equals(position.get("sort"))
                || position.get("id") == null) {
            return false;
        }
        String v = position.get("v");
        if (v == null) {
            return nullable;
        }
        try {
            parse.apply(v);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}

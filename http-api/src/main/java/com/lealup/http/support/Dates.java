package com.lealup.http.support;

import com.lealup.api.UtcTimestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * Dates and instants as the API takes them: ISO 8601 text ({@code 2026-11-26}, {@code 2026-11-26T08:00:00Z}) within
 * the years 0001-9999, which every column and every date computation of the read models can hold. Query parameters
 * are read here; JSON bodies through {@link RequestJson}, which applies the same range.
 */
public final class Dates {

    static final int MIN_YEAR = 1;
    static final int MAX_YEAR = 9999;
    static final String RANGE = "from year 0001 to 9999";
    /** What a time must be, as the messages say it: an offset is the same instant, taken in UTC. */
    static final String TIME = "an ISO 8601 time with Z or an offset, e.g. 2026-11-26T08:00:00Z";
    /** The first date the API takes and answers. */
    public static final LocalDate FIRST = LocalDate.of(MIN_YEAR, 1, 1);
    /** The last date the API takes and answers: a default computed from a date must not go beyond it. */
    public static final LocalDate LAST = LocalDate.of(MAX_YEAR, 12, 31);
    /** The first instant the API takes (0001-01-01T00:00:00Z) and the first past its range (10000-01-01T00:00:00Z). */
    public static final Instant FIRST_INSTANT = FIRST.atStartOfDay(ZoneOffset.UTC).toInstant();
    public static final Instant END_INSTANT = LAST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private Dates() {
    }

    /** A date query parameter, {@code YYYY-MM-DD}; null when absent. */
    public static LocalDate date(String field, String text) {
        return parse(field, text, Dates::parseDate, d -> d.getYear(), "a date, YYYY-MM-DD");
    }

    /** A date query parameter, or {@code otherwise} when absent. */
    public static LocalDate date(String field, String text, LocalDate otherwise) {
        return text == null ? otherwise : date(field, text);
    }

    /** An instant query parameter, ISO 8601 with {@code Z} or an offset (taken in UTC); null when absent. */
    public static Instant instant(String field, String text) {
        return parse(field, text, UtcTimestamps::parse, i -> i.atOffset(ZoneOffset.UTC).getYear(), TIME);
    }

    /**
     * An instant, as {@link #instant}, taken to the microsecond it falls in: the API's times are microseconds (those
     * the store keeps and every answer shows), so a finer instant names its microsecond, which the answer echoes.
     */
    public static Instant instantToTheMicrosecond(String field, String text) {
        Instant instant = instant(field, text);
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The inclusive start of a time range, for a list of timestamped things: an instant, or a date standing for its
     * start (UTC); null when absent.
     */
    public static Instant rangeStart(String field, String text) {
        return instantOrDay(field, text, false);
    }

    /**
     * The exclusive end of a time range: an instant, or a date standing for the start of the next day, so that the
     * date is included whole; null when absent.
     */
    public static Instant rangeEnd(String field, String text) {
        return instantOrDay(field, text, true);
    }

    private static Instant instantOrDay(String field, String text, boolean nextDay) {
        if (text == null) {
            return null;
        }
        // RFC 3339 lets the T and Z be lower case, as Instant.parse reads them
        if (text.indexOf('T') >= 0 || text.indexOf('t') >= 0) {
            return instant(field, text);
        }
        LocalDate date = parse(field, text, Dates::parseDate, LocalDate::getYear,
                "a date, YYYY-MM-DD, or " + TIME);
        // 9999-12-31 included whole ends at the first instant of year 10000, which only bounds a query
        return (nextDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * A day, for what is counted in days: a date, or an instant standing for its day (UTC); {@code otherwise} when
     * absent.
     */
    public static LocalDate day(String field, String text, LocalDate otherwise) {
        return text == null ? otherwise : LocalDate.ofInstant(instantOrDay(field, text, false), ZoneOffset.UTC);
    }

    /**
     * Whether {@code text} is an instant within the range written as the API writes one in a cursor
     * ({@link Instant#toString}: UTC, {@code Z}, at most nine digits of fraction): a cursor's instant goes to SQL as it
     * is, where an offset such as {@code +18:00} or a twelfth digit is no {@code timestamptz}.
     */
    public static boolean isCursorInstant(String text) {
        try {
            return text != null && instant("cursor", text).toString().equals(text);
        } catch (ApiException e) {
            return false;
        }
    }

    /** A date, {@code YYYY-MM-DD}: {@link LocalDate#parse} also reads an expanded year ({@code +002027-06-15}). */
    static LocalDate parseDate(String text) {
        LocalDate date = LocalDate.parse(text);
        UtcTimestamps.refuseExpandedYear(text, date.getYear());
        return date;
    }

    /** A time with its offset, as RFC 3339 writes it: {@link OffsetDateTime#parse} also reads an expanded year. */
    static OffsetDateTime parseOffsetDateTime(String text) {
        OffsetDateTime time = OffsetDateTime.parse(text);
        UtcTimestamps.refuseExpandedYear(text, time.getYear());
        UtcTimestamps.refuseEmptyFraction(text);
        return time;
    }

    /**
     * Whether {@code text} starts with a year of more than four digits and no sign ({@code 10000-01-01}), which no
     * reader of {@code java.time} takes: a year beyond the range, not a text that is no date.
     */
    static boolean yearBeyondFourDigits(String text) {
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        return digits > 4 && digits < text.length() && text.charAt(digits) == '-';
    }

    static boolean inRange(int year) {
        return year >= MIN_YEAR && year <= MAX_YEAR;
    }

    private static <T> T parse(String field, String text, Function<String, T> parse, Function<T, Integer> year,
                               String form) {
        if (text == null) {
            return null;
        }
        T value;
        try {
            value = parse.apply(text);
        } catch (DateTimeException e) {
            if (yearBeyondFourDigits(text)) {
                throw ApiException.validation(field, "out_of_range", field + " must be " + RANGE);
            }
            throw ApiException.validation(field, "invalid_format", field + " must be " + form);
        }
        if (!inRange(year.apply(value))) {
            throw ApiException.validation(field, "out_of_range", field + " must be " + RANGE);
        }
        return value;
    }
}

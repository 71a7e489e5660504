package com.lealup.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Reads and writes ISO 8601 UTC timestamps as {@link Instant#parse} and {@link Instant#toString} do, fast. A usage
 * batch holds up to 1000 of them, and the general {@code DateTimeFormatter} behind those two was the largest single
 * cost of reading a batch and among the largest of storing it; the API's answers write theirs with {@link #write}
 * too ({@code InstantText}). The form clients send almost always, {@code 2026-11-26T08:00:00Z} with an optional
 * fraction of up to 9 digits, is read directly; anything else (an offset, a lower-case {@code z}) goes to
 * {@link Instant#parse}, which defines what is accepted, but for a fraction of more than 9 digits (RFC 3339 sets no
 * limit, {@code Instant.parse} reads 9, and those past the nanosecond are cut: the store keeps microseconds) and for
 * what RFC 3339 does not have: hour 24, a year of other than four digits, a decimal point without a digit.
 */
public final class UtcTimestamps {

    /** The longest text {@link #write} writes: {@code 9999-12-31T23:59:59.999999999Z}. */
    public static final int MAX_LENGTH = 30;
    /** The length of what {@link #formatMillis} writes: {@code 2026-03-01T08:30:15.120Z}. */
    private static final int MILLIS_LENGTH = 24;
    private static final int SHORTEST = "2026-11-26T08:00:00Z".length();
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final Pattern FRACTION_PAST_NANOS = Pattern.compile("(\\.[0-9]{9})[0-9]+");

    private UtcTimestamps() {
    }

    /** @throws DateTimeException if {@code text} is not an RFC 3339 instant */
    public static Instant parse(String text) {
        Instant fast = parseUtc(text);
        if (fast != null) {
            return fast;
        }
        Instant parsed = Instant.parse(FRACTION_PAST_NANOS.matcher(text).replaceFirst("$1"));
        refuseExpandedYear(text, parsed.atOffset(ZoneOffset.UTC).getYear());
        refuseEmptyFraction(text);
        // Instant.parse reads ISO 8601's 24:00 as the next day's midnight; RFC 3339's hours are 00-23
        int time = Math.max(text.indexOf('T'), text.indexOf('t')) + 1;
        if (text.startsWith("24", time)) {
            throw new DateTimeException("Hour 24 is not an RFC 3339 time: " + text);
        }
        return parsed;
    }

    /**
     * Refuses a decimal point with no digit after it ({@code 08:00:00.Z}), which the readers of {@code java.time} take
     * and RFC 3339 does not have ({@code time-secfrac = "." 1*DIGIT}).
     *
     * @throws DateTimeException if a point of {@code text} is not followed by a digit
     */
    public static void refuseEmptyFraction(String text) {
        int point = text.indexOf('.');
        if (point >= 0 && (point + 1 == text.length() || digits(text, point + 1, point + 2) < 0)) {
            throw new DateTimeException("A decimal point without a digit is not an RFC 3339 time: " + text);
        }
    }

    /**
     * Refuses a year of four digits written in ISO 8601's expanded form, a sign and more digits ({@code +002027-06-15}),
     * which the readers of {@code java.time} take and RFC 3339 does not have. A year beyond four digits is left to the
     * caller's range, whose answer says more than "not a date".
     *
     * @throws DateTimeException if {@code text}, read as {@code year}, does not start with that year's four digits
     */
    public static void refuseExpandedYear(String text, int year) {
        boolean fourDigits = text.length() > 4 && digits(text, 0, 4) >= 0 && text.charAt(4) == '-';
        if (!fourDigits && year >= 0 && year <= 9999) {
            throw new DateTimeException("A year of four digits is written with four digits: " + text);
        }
    }

    /**
     * {@code instant} to the nearest microsecond, as a {@code timestamptz} column keeps it and the read models show
     * it: what a time folded from the events must be to read as the same instant.
     */
    public static Instant toMicros(Instant instant) {
        return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * {@code instant} at its microsecond ({@link #toMicros}) as {@link #format} writes it: how the API shows every
     * time, including the ones it writes into a JSON text itself rather than reading them back from a column.
     */
    public static String formatMicros(Instant instant) {
        return format(toMicros(instant));
    }

    /** {@code instant} exactly as {@link Instant#toString} writes it, without its general formatter. */
    public static String format(Instant instant) {
        return append(new StringBuilder(MAX_LENGTH), instant).toString();
    }

    /** Appends {@code instant} exactly as {@link Instant#toString} writes it. */
    public static StringBuilder append(StringBuilder out, Instant instant) {
        char[] text = new char[MAX_LENGTH];
        int length = write(instant, text, 0);
        // signed or 5-digit years: rare enough for the general formatter
        return length < 0 ? out.append(instant) : out.append(text, 0, length);
    }

    /**
     * Writes {@code instant} into {@code text} from {@code at} exactly as {@link Instant#toString} writes it (at most
     * {@link #MAX_LENGTH} characters) and returns where it ends; -1, writing nothing, for a year outside 0000–9999,
     * which {@code toString} writes signed or with more digits.
     */
    public static int write(Instant instant, char[] text, int at) {
        at = writeToTheSecond(instant, text, at);
        if (at < 0) {
            return -1;
        }
        int nanos = instant.getNano();
        if (nanos != 0) { // as many digits as needed, in groups of three
            text[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = digits(nanos / 1_000_000, 3, text, at);
            } else if (nanos % 1_000 == 0) {
                at = digits(nanos / 1_000, 6, text, at);
            } else {
                at = digits(nanos, 9, text, at);
            }
        }
        text[at++] = 'Z';
        return at;
    }

    /**
     * {@code instant} cut to its millisecond, always with three digits of fraction ({@code 2026-03-01T08:30:15.120Z}),
     * as Axon's JDBC event store writes an event's time ({@code DateTimeUtils.formatInstant}); null for a year outside
     * 0000–9999, which that formatter writes signed or with more digits.
     */
    public static String formatMillis(Instant instant) {
        char[] text = new char[MILLIS_LENGTH];
        int at = writeToTheSecond(instant, text, 0);
        if (at < 0) {
            return null;
        }
        text[at++] = '.';
        at = digits(instant.getNano() / 1_000_000, 3, text, at);
        text[at] = 'Z';
        return new String(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} of {@code instant} from {@code text[at]}; -1 for a year outside 0000–9999. */
    private static int writeToTheSecond(Instant instant, char[] text, int at) {
        long epochDay = Math.floorDiv(instant.getEpochSecond(), 86_400);
        if (epochDay < FIRST_DAY || epochDay > LAST_DAY) {
            return -1;
        }
        int secondOfDay = (int) Math.floorMod(instant.getEpochSecond(), 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        at = digits(date.getYear(), 4, text, at);
        text[at++] = '-';
        at = digits(date.getMonthValue(), 2, text, at);
        text[at++] = '-';
        at = digits(date.getDayOfMonth(), 2, text, at);
        text[at++] = 'T';
        at = digits(secondOfDay / 3_600, 2, text, at);
        text[at++] = ':';
        at = digits(secondOfDay / 60 % 60, 2, text, at);
        text[at++] = ':';
        return digits(secondOfDay % 60, 2, text, at);
    }

    /** {@code value} in {@code width} digits, zero-padded, at {@code text[at]}; returns the index after them. */
    private static int digits(int value, int width, char[] text, int at) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /**
     * The instant of {@code text} in the common form, {@code yyyy-MM-ddTHH:mm:ss[.fffffffff]Z} (as Jackson and Axon
     * write instants, so the event store's form too); null when it has another form or names no calendar day, for the
     * caller's general reader to decide.
     */
    public static Instant parseUtc(String text) {
        int length = text.length();
        if (length < SHORTEST || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > SHORTEST) {
            int fractionDigits = length - SHORTEST - 1;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            for (int i = fractionDigits; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

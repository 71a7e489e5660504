package com.lealup.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Reads and writes ISO 8601 UTC timestamps as {@link Instant#parse} and {@link Instant#toString} do, fast. A usage
 * batch holds up to 1000 of them, and the general {@code DateTimeFormatter} behind those two was the largest single
 * cost of reading a batch and among the largest of storing it. The form clients send almost always,
 * {@code 2026-11-26T08:00:00Z} with an optional fraction of up to 9 digits, is read directly; anything else (an
 * offset, a lower-case {@code z}) goes to {@link Instant#parse}, which defines what is accepted.
 */
public final class UtcTimestamps {

    private static final int SHORTEST = "2026-11-26T08:00:00Z".length();

    private UtcTimestamps() {
    }

    /** @throws DateTimeException if {@code text} is not an ISO 8601 instant */
    public static Instant parse(String text) {
        Instant fast = parseUtc(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code instant} exactly as {@link Instant#toString} writes it, without its general formatter. */
    public static String format(Instant instant) {
        return append(new StringBuilder(32), instant).toString();
    }

    /** Appends {@code instant} exactly as {@link Instant#toString} writes it. */
    public static StringBuilder append(StringBuilder out, Instant instant) {
        long epochDay = Math.floorDiv(instant.getEpochSecond(), 86_400);
        int secondOfDay = (int) Math.floorMod(instant.getEpochSecond(), 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return out.append(instant); // signed or 5-digit years: rare enough for the general formatter
        }
        padded(out, date.getYear(), 4).append('-');
        padded(out, date.getMonthValue(), 2).append('-');
        padded(out, date.getDayOfMonth(), 2).append('T');
        padded(out, secondOfDay / 3_600, 2).append(':');
        padded(out, secondOfDay / 60 % 60, 2).append(':');
        padded(out, secondOfDay % 60, 2);
        int nanos = instant.getNano();
        if (nanos != 0) { // as many digits as needed, in groups of three
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                padded(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                padded(out, nanos / 1_000, 6);
            } else {
                padded(out, nanos, 9);
            }
        }
        return out.append('Z');
    }

    private static StringBuilder padded(StringBuilder out, int value, int width) {
        for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
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

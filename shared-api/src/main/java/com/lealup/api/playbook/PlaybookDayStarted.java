package com.lealup.api.playbook;

import java.time.Instant;
import java.time.LocalDate;

/** A new day for time-based playbook conditions ({@code days_to_renewal}, renewal triggers). */
public record PlaybookDayStarted(String calendarId, LocalDate date, Instant startedAt) {
}

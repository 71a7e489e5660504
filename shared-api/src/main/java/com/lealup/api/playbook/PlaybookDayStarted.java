package com.lealup.api.playbook;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * A new day of a workspace's calendar for time-based playbook conditions ({@code days_to_renewal}, renewal
 * triggers). Revision 2 added {@code workspaceId}: revision 1 was the one calendar of the whole deployment, so its
 * days are null there and stand for every workspace.
 */
@Revision("2")
public record PlaybookDayStarted(String calendarId, LocalDate date, Instant startedAt, String workspaceId) {
}

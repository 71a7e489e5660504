package com.lealup.api.playbook;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Tells a workspace's playbook calendar that {@code date} has begun, so that its time-based conditions are
 * evaluated once that day. Sent by every node's sweep; only the first for a later date than the last has an effect.
 */
public record StartPlaybookDay(@TargetAggregateIdentifier String calendarId, String workspaceId, LocalDate date) {

    /** Each workspace has a calendar of its own, so its days are ordered with its other events (one sequence). */
    public static StartPlaybookDay of(String workspaceId, LocalDate date) {
        return new StartPlaybookDay("playbook-calendar-" + workspaceId, workspaceId, date);
    }
}

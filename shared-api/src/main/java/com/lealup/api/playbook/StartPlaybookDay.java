package com.lealup.api.playbook;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Tells the playbook calendar that {@code date} has begun, so that time-based conditions are evaluated once that
 * day. Sent by every node's sweep; only the first for a later date than the last has an effect.
 */
public record StartPlaybookDay(@TargetAggregateIdentifier String calendarId, LocalDate date) {

    /** There is one calendar for the whole deployment. */
    public static final String CALENDAR_ID = "playbook-calendar";
}

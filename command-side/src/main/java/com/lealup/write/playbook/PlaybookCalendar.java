package com.lealup.write.playbook;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.playbook.PlaybookDayStarted;
import com.lealup.api.playbook.StartPlaybookDay;
import java.time.Clock;
import java.time.LocalDate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The days of a workspace's playbooks: each day starts once, however many nodes sweep, so the daily evaluation is an
 * event of the workspace that the engine handles in order with every change of its facts.
 */
@Aggregate
class PlaybookCalendar {

    @AggregateIdentifier
    private String calendarId;
    private LocalDate today;

    PlaybookCalendar() {
        // for Axon
    }

    /** Answers whether the day started now (false: it had already started, or an earlier one was asked for). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(StartPlaybookDay command, Clock clock) {
        if (today != null && !command.date().isAfter(today)) {
            return false;
        }
        apply(new PlaybookDayStarted(command.calendarId(), command.date(), clock.instant(), command.workspaceId()));
        return true;
    }

    @EventSourcingHandler
    void on(PlaybookDayStarted event) {
        calendarId = event.calendarId();
        today = event.date();
    }
}

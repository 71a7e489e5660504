package com.lealup.automation.playbook;

import com.lealup.api.playbook.StartPlaybookDay;
import com.lealup.automation.SystemCommands;
import java.time.Clock;
import java.time.LocalDate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts each day of the playbook calendar with the injected clock, so that the engine re-evaluates the
 * time-based conditions ({@code days_to_renewal}, renewal triggers). Every node sweeps; the calendar lets one
 * day start once. Tests move the clock and call {@link #sweep()}.
 */
@Component
public class PlaybookDaySweep {

    private final CommandGateway commandGateway;
    private final Clock clock;

    PlaybookDaySweep(CommandGateway commandGateway, Clock clock) {
        this.commandGateway = commandGateway;
        this.clock = clock;
    }

    /** Answers whether a new day started (the engine then evaluates asynchronously). */
    @Scheduled(fixedDelayString = "${lealup.playbooks.day-sweep-interval:PT5M}", initialDelayString = "PT20S")
    public boolean sweep() {
        Boolean started = commandGateway.sendAndWait(new StartPlaybookDay(StartPlaybookDay.CALENDAR_ID, LocalDate.now(clock)),
                SystemCommands.metadata(PlaybookEngine.ACTOR_ID, null));
        return Boolean.TRUE.equals(started);
    }
}

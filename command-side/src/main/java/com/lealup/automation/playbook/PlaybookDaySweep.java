package com.lealup.automation.playbook;

import com.lealup.api.playbook.StartPlaybookDay;
import com.lealup.automation.SystemCommands;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts each day of the playbook calendars with the injected clock, so that the engine re-evaluates the time-based
 * conditions ({@code days_to_renewal}, renewal triggers). A workspace with such a playbook has a calendar of its own,
 * whose days are events of the workspace, handled in order with its other events. Every node sweeps; a calendar lets
 * one day start once. Tests move the clock and call {@link #sweep()}.
 */
@Component
public class PlaybookDaySweep {

    private final CommandGateway commandGateway;
    private final EngineState state;
    private final Clock clock;
    /** The day this node last saw each workspace's calendar at, so that it asks each calendar once a day. */
    private final Map<String, LocalDate> seen = new ConcurrentHashMap<>();

    PlaybookDaySweep(CommandGateway commandGateway, EngineState state, Clock clock) {
        this.commandGateway = commandGateway;
        this.state = state;
        this.clock = clock;
    }

    /** Answers how many workspaces' day started now (the engine then evaluates asynchronously). */
    @Scheduled(fixedDelayString = "${lealup.playbooks.day-sweep-interval:PT5M}", initialDelayString = "PT20S")
    public int sweep() {
        LocalDate today = LocalDate.now(clock);
        Set<String> workspaces = state.conditionPlaybooks().stream().filter(WatchedPlaybook::readsTheDay)
                .map(WatchedPlaybook::workspaceId).collect(Collectors.toSet());
        seen.keySet().retainAll(workspaces);
        int started = 0;
        for (String workspaceId : workspaces) {
            if (!today.equals(seen.get(workspaceId))) {
                Boolean dayStarted = commandGateway.sendAndWait(StartPlaybookDay.of(workspaceId, today),
                        SystemCommands.metadata(PlaybookEngine.ACTOR_ID, workspaceId));
                seen.put(workspaceId, today);
                started += Boolean.TRUE.equals(dayStarted) ? 1 : 0;
            }
        }
        return started;
    }
}

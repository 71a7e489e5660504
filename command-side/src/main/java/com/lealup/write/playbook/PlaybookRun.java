package com.lealup.write.playbook;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.DomainRejection;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookActionFailed;
import com.lealup.api.playbook.PlaybookActionSucceeded;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.playbook.RecordPlaybookActionOutcome;
import com.lealup.api.playbook.StartPlaybookRun;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One run of a playbook for one customer: started by the engine when the playbook matched, then the outcome of
 * each of its actions, once. A repeated outcome changes nothing (the action runner may be redelivered).
 */
@Aggregate
class PlaybookRun {

    @AggregateIdentifier
    private String runId;
    private String playbookId;
    private String workspaceId;
    private String customerId;
    private List<String> actionTypes;
    private final Set<Integer> decided = new HashSet<>();

    PlaybookRun() {
        // for Axon
    }

    @CommandHandler
    PlaybookRun(StartPlaybookRun command) {
        apply(new PlaybookTriggered(command.runId(), command.playbookId(), command.playbookName(),
                command.workspaceId(), command.customerId(), command.ownerId(), command.triggerType(),
                command.snapshot(), command.actions(), command.matchedAt(), command.playbookVersion()));
    }

    @CommandHandler
    void handle(RecordPlaybookActionOutcome command, Clock clock) {
        int index = command.actionIndex();
        if (index < 0 || index >= actionTypes.size()) {
            throw DomainRejection.invalid("out_of_range", "action_index",
                    "run '" + runId + "' has " + actionTypes.size() + " actions");
        }
        if (decided.contains(index)) {
            return;
        }
        String type = actionTypes.get(index);
        if (command.succeeded()) {
            apply(new PlaybookActionSucceeded(runId, playbookId, workspaceId, index, type, command.taskId(),
                    clock.instant()));
        } else {
            apply(new PlaybookActionFailed(runId, playbookId, workspaceId, index, type, command.errorCode(),
                    command.errorMessage(), clock.instant(), customerId));
        }
    }

    @EventSourcingHandler
    void on(PlaybookTriggered event) {
        runId = event.runId();
        playbookId = event.playbookId();
        workspaceId = event.workspaceId();
        customerId = event.customerId();
        actionTypes = event.actions().stream().map(PlaybookAction::type).toList();
    }

    @EventSourcingHandler
    void on(PlaybookActionSucceeded event) {
        decided.add(event.actionIndex());
    }

    @EventSourcingHandler
    void on(PlaybookActionFailed event) {
        decided.add(event.actionIndex());
    }
}

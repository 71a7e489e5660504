package com.lealup.automation.playbook;

import com.lealup.api.DomainRejection;
import com.lealup.api.Ids;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.UpdateCustomer;
import com.lealup.api.notification.NotificationSource;
import com.lealup.api.notification.SendNotification;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.playbook.RecordPlaybookActionOutcome;
import com.lealup.api.task.CreateTask;
import com.lealup.api.task.TaskFields;
import com.lealup.automation.SystemCommands;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Does what a run asks, action by action, and records each outcome on the run. Actions are independent: one
 * that fails (an assignee who left, a customer gone, a notification refused) is recorded as failed and the others
 * still run. Notifications are only asked for here; their delivery is asynchronous and reports back with
 * {@code NotificationDelivered}/{@code NotificationFailed}, so a slow or failing Slack never holds anything up.
 *
 * <p>The commands run in the transaction of the {@link PlaybookActionDispatcher}'s worker that takes the run out of
 * its queue: a run that fails is rolled back whole, tasks included, and taken up again, so each action is done once.
 */
@Component
class PlaybookActionRunner {

    private static final Logger log = LoggerFactory.getLogger(PlaybookActionRunner.class);

    private final CommandGateway commandGateway;

    PlaybookActionRunner(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    void run(PlaybookTriggered run) {
        for (int index = 0; index < run.actions().size(); index++) {
            PlaybookAction action = run.actions().get(index);
            switch (action.type()) {
                case PlaybookAction.CREATE_TASK -> createTask(run, index, action);
                case PlaybookAction.NOTIFY -> notify(run, index, action);
                case PlaybookAction.SET_CUSTOM_FIELD -> setCustomField(run, index, action);
                default -> record(run, index, false, null, "unknown_action", "Unknown action type " + action.type());
            }
        }
    }

    /**
     * A run whose playbook was deleted or disabled after it matched does nothing: the playbook's owner stopped it
     * (a runaway playbook is deleted mid-burst), so each of its actions fails with {@code code}.
     */
    void cancel(PlaybookTriggered run, String code, String message) {
        for (int index = 0; index < run.actions().size(); index++) {
            record(run, index, false, null, code, message);
        }
    }

    private void createTask(PlaybookTriggered run, int index, PlaybookAction action) {
        String assignee = PlaybookAction.OWNER.equals(action.assignee()) ? run.ownerId() : action.assignee();
        LocalDate due = action.dueInDays() == null ? null
                : LocalDate.ofInstant(run.matchedAt(), ZoneOffset.UTC).plusDays(action.dueInDays());
        TaskFields fields = new TaskFields(action.title(), action.description(), assignee, due, action.priority(), null);
        String taskId = Ids.next(Ids.TASK);
        try {
            send(run, new CreateTask(taskId, run.workspaceId(), run.customerId(), run.ownerId(), fields,
                    run.playbookId(), run.runId()));
            record(run, index, true, taskId, null, null);
        } catch (CommandExecutionException | AggregateNotFoundException e) {
            refused(run, index, e);
        }
    }

    private void notify(PlaybookTriggered run, int index, PlaybookAction action) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("playbook_id", run.playbookId());
        data.put("playbook_name", run.playbookName());
        data.put("run_id", run.runId());
        data.put("customer_id", run.customerId());
        data.put("matched_at", UtcTimestamps.formatMicros(run.matchedAt()));
        data.put("snapshot", run.snapshot());
        String text = "Playbook '" + run.playbookName() + "' matched customer " + run.customerId();
        try {
            send(run, new SendNotification(Ids.next(Ids.NOTIFICATION), run.workspaceId(), action.channel(),
                    action.target(), text, data, new NotificationSource(run.playbookId(), run.runId(), index),
                    run.customerId()));
        } catch (NoHandlerForCommandException e) {
            // no delivery on this deployment: the action stays pending, visibly, rather than failing for our sake
            log.warn("Run {} asked for a notification, but no node delivers notifications", run.runId());
        } catch (CommandExecutionException e) {
            refused(run, index, e);
        }
    }

    private void setCustomField(PlaybookTriggered run, int index, PlaybookAction action) {
        Map<String, Object> custom = new HashMap<>();
        custom.put(action.key(), action.value());
        CustomerFields changes = new CustomerFields(null, null, null, null, null, null, null, null, null, custom);
        try {
            send(run, new UpdateCustomer(run.customerId(), run.workspaceId(), null, changes, Set.of(), null));
            record(run, index, true, null, null, null);
        } catch (CommandExecutionException | AggregateNotFoundException e) {
            refused(run, index, e);
        }
    }

    /** A refusal keeps its code (e.g. unknown_assignee); a purged customer is not_found. */
    private void refused(PlaybookTriggered run, int index, RuntimeException e) {
        String code = e instanceof AggregateNotFoundException ? "not_found"
                : ((CommandExecutionException) e).getDetails().filter(DomainRejection.Details.class::isInstance)
                        .map(d -> ((DomainRejection.Details) d).code()).orElse("action_failed");
        record(run, index, false, null, code, e.getMessage());
    }

    private void record(PlaybookTriggered run, int index, boolean succeeded, String taskId, String errorCode,
                        String errorMessage) {
        send(run, new RecordPlaybookActionOutcome(run.runId(), index, succeeded, taskId, errorCode, errorMessage));
    }

    private void send(PlaybookTriggered run, Object command) {
        MetaData metadata = SystemCommands.ofPlaybook(run.playbookId(), run.workspaceId());
        commandGateway.sendAndWait(command, metadata);
    }
}

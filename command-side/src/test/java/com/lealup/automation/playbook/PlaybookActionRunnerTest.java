package com.lealup.automation.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.Actor;
import com.lealup.api.DomainRejection;
import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.UpdateCustomer;
import com.lealup.api.notification.NotificationSource;
import com.lealup.api.notification.SendNotification;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.playbook.RecordPlaybookActionOutcome;
import com.lealup.api.task.CreateTask;
import com.lealup.automation.SentCommands;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

/** A run's actions, each done once and its outcome recorded on the run; one that fails never stops the others. */
class PlaybookActionRunnerTest {

    /** To the nanosecond, as an event's time may be. */
    private static final Instant MATCHED = Instant.parse("2026-11-20T23:30:00.123456789Z");
    private static final String WS = "wsp_runner";

    private final SentCommands sent = new SentCommands();
    private final PlaybookActionRunner runner = new PlaybookActionRunner(sent.gateway());

    private static PlaybookTriggered run(PlaybookAction... actions) {
        return new PlaybookTriggered("run_1", "pbk_1", "Churn risk", WS, "cus_1", "usr_owner", "condition",
                Map.of("health_score", 31), List.of(actions), MATCHED, 1L);
    }

    private static PlaybookAction task(String assignee, Integer dueInDays) {
        return new PlaybookAction(PlaybookAction.CREATE_TASK, "Call them", "Score fell", assignee, dueInDays, "high",
                null, null, null, null);
    }

    private static PlaybookAction setField(String key, Object value) {
        return new PlaybookAction(PlaybookAction.SET_CUSTOM_FIELD, null, null, null, null, null, null, null, key, value);
    }

    private static PlaybookAction notify(String channel, String target) {
        return new PlaybookAction(PlaybookAction.NOTIFY, null, null, null, null, null, channel, target, null, null);
    }

    private <T> List<T> sentOf(Class<T> type) {
        return sent.payloads().stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aTaskGoesToTheOwnerDueFromTheDayOfTheMatchAndItsIdIsRecorded() {
        runner.run(run(task(PlaybookAction.OWNER, 3)));

        CreateTask create = sentOf(CreateTask.class).get(0);
        assertThat(create.fields().assigneeId()).isEqualTo("usr_owner");
        assertThat(create.fields().dueDate()).isEqualTo(LocalDate.parse("2026-11-23"));
        assertThat(create.playbookId()).isEqualTo("pbk_1");
        assertThat(create.playbookRunId()).isEqualTo("run_1");
        assertThat(sentOf(RecordPlaybookActionOutcome.class)).containsExactly(
                new RecordPlaybookActionOutcome("run_1", 0, true, create.taskId(), null, null));
        assertThat(sent.messages()).allSatisfy(message -> assertThat(message.getMetaData())
                .containsEntry(MetadataKeys.ACTOR_TYPE, Actor.PLAYBOOK).containsEntry(MetadataKeys.ACTOR_ID, "pbk_1")
                .containsEntry(MetadataKeys.WORKSPACE_ID, WS));
    }

    @Test
    void aRefusedActionIsRecordedWithItsCodeAndTheNextActionsStillRun() {
        sent.answer(command -> {
            if (command instanceof CreateTask) {
                throw DomainRejection.unprocessable("unknown_assignee", "assignee_id", "usr_gone is not a user");
            }
            return null;
        });

        runner.run(run(task("usr_gone", null), setField("tier", "gold")));

        assertThat(sentOf(UpdateCustomer.class)).singleElement().satisfies(update -> {
            assertThat(update.customerId()).isEqualTo("cus_1");
            assertThat(update.changes().customFields()).containsExactly(Map.entry("tier", "gold"));
        });
        assertThat(sentOf(RecordPlaybookActionOutcome.class)).containsExactly(
                new RecordPlaybookActionOutcome("run_1", 0, false, null, "unknown_assignee", "usr_gone is not a user"),
                new RecordPlaybookActionOutcome("run_1", 1, true, null, null, null));
    }

    @Test
    void aCustomerPurgedMeanwhileIsNotFound() {
        sent.answer(command -> {
            if (command instanceof UpdateCustomer) {
                throw new AggregateNotFoundException("cus_1", "gone");
            }
            return null;
        });

        runner.run(run(setField("tier", "gold")));

        assertThat(sentOf(RecordPlaybookActionOutcome.class)).singleElement()
                .satisfies(outcome -> assertThat(outcome.errorCode()).isEqualTo("not_found"));
    }

    @Test
    void aNotificationIsOnlyAskedForItsDeliveryReportsTheOutcome() {
        runner.run(run(notify("webhook", "https://hooks.example.com/cs")));

        SendNotification notification = sentOf(SendNotification.class).get(0);
        assertThat(notification.channel()).isEqualTo("webhook");
        assertThat(notification.target()).isEqualTo("https://hooks.example.com/cs");
        assertThat(notification.source()).isEqualTo(new NotificationSource("pbk_1", "run_1", 0));
        assertThat(notification.data()).containsEntry("run_id", "run_1").containsEntry("customer_id", "cus_1")
                .containsEntry("snapshot", Map.of("health_score", 31))
                // as the run's GET shows it: to the microsecond, rounded as the store rounds
                .containsEntry("matched_at", "2026-11-20T23:30:00.123457Z");
        assertThat(sentOf(RecordPlaybookActionOutcome.class)).isEmpty();
    }

    @Test
    void withoutANodeThatDeliversNotificationsTheActionStaysPending() {
        sent.answer(command -> {
            if (command instanceof SendNotification) {
                throw new NoHandlerForCommandException("no delivery here");
            }
            return null;
        });

        runner.run(run(notify("slack", "#cs"), task(PlaybookAction.OWNER, null)));

        assertThat(sentOf(RecordPlaybookActionOutcome.class)).singleElement()
                .satisfies(outcome -> assertThat(outcome.actionIndex()).isEqualTo(1));
    }

    @Test
    void anUnknownActionTypeFailsAlone() {
        runner.run(run(new PlaybookAction("send_fax", null, null, null, null, null, null, null, null, null)));

        assertThat(sentOf(RecordPlaybookActionOutcome.class)).containsExactly(new RecordPlaybookActionOutcome(
                "run_1", 0, false, null, "unknown_action", "Unknown action type send_fax"));
    }
}

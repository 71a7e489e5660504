package com.lealup.automation.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookDeleted;
import com.lealup.api.playbook.PlaybookTrigger;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.playbook.PlaybookUpdated;
import com.lealup.api.playbook.RecordPlaybookActionOutcome;
import com.lealup.api.customer.UpdateCustomer;
import com.lealup.api.task.CreateTask;
import com.lealup.automation.SentCommands;
import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The workers on the real queue: every queued run's actions are done and the run taken out; a run whose actions fail
 * unexpectedly is parked as a dead letter of its customer (a transient failure is tried again), without holding the
 * customers claimed with it; a run of a playbook deleted or disabled since it matched is cancelled.
 */
class PlaybookActionDispatcherTest {

    private static final String WS = "wsp_dispatcher";

    private final SentCommands sent = new SentCommands();
    private final TestClock clock = TestClock.running();
    private final EventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final PlaybookRunQueue queue = new PlaybookRunQueue(TestDatabase.jdbc());
    private final TransactionManager transactions = new SpringTransactionManager(
            new DataSourceTransactionManager(TestDatabase.dataSource()));
    private final InMemorySequencedDeadLetterQueue<EventMessage<?>> letters =
            InMemorySequencedDeadLetterQueue.defaultQueue();
    /** As the application's enqueue policy does: a cause of the failure's type (without values), parked. */
    private EnqueuePolicy<EventMessage<?>> enqueuePolicy =
            (letter, cause) -> Decisions.enqueue(new ThrowableCause(cause.getClass().getName(), "without values"));
    private final PlaybookActionDispatcher dispatcher = new PlaybookActionDispatcher(queue,
            new PlaybookActionRunner(sent.gateway()),
            new PlaybookStates(eventStore),
            new PlaybookRunParking(() -> letters, () -> enqueuePolicy, queue, transactions), eventStore,
            transactions, List.of(), clock, new SimpleMeterRegistry(), 1);
    /** The store's positions of the runs' events. */
    private long position;

    @BeforeEach
    void emptyQueue() {
        TestDatabase.jdbc().sql("DELETE FROM playbook_run_queue").update();
        playbook("pbk_1", new PlaybookCreated("pbk_1", WS, definition(true), Instant.now()));
    }

    /** The playbook's events, in order. */
    private void playbook(String playbookId, Object... events) {
        for (int sequence = 0; sequence < events.length; sequence++) {
            eventStore.publish(new GenericDomainEventMessage<>("Playbook", playbookId, sequence, events[sequence]));
        }
    }

    private static PlaybookDefinition definition(boolean enabled) {
        return new PlaybookDefinition("Churn risk", null, new PlaybookTrigger(PlaybookTrigger.EVENT, null, "login", null),
                List.of(), enabled, 0);
    }

    @AfterEach
    void stop() {
        dispatcher.stop();
        dispatcher.destroy();
    }

    /** Polls as the scheduler does, until {@code done}. */
    private void pollUntil(BooleanSupplier done) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            dispatcher.dispatch();
            return done.getAsBoolean();
        });
    }

    private void triggered(String runId, String customerId) {
        triggered(runId, "pbk_1", customerId);
    }

    private void triggered(String runId, String playbookId, String customerId) {
        triggered(runId, playbookId, customerId, 0);
    }

    /** A run the engine matched with the playbook's version {@code playbookVersion}. */
    private void triggered(String runId, String playbookId, String customerId, long playbookVersion) {
        PlaybookTriggered run = new PlaybookTriggered(runId, playbookId, "Churn risk", WS, customerId, "usr_owner",
                "condition", Map.of(), List.of(new PlaybookAction(PlaybookAction.CREATE_TASK, "Call them", null,
                PlaybookAction.OWNER, null, null, null, null, null, null), new PlaybookAction(
                PlaybookAction.SET_CUSTOM_FIELD, null, null, null, null, null, null, null, "stage", "call")),
                Instant.now(), playbookVersion);
        eventStore.publish(new GenericDomainEventMessage<>("PlaybookRun", runId, 0, run));
        queue.add(run, ++position);
    }

    private List<String> tasksOf(String customerId) {
        return sent.payloads().stream().filter(CreateTask.class::isInstance).map(CreateTask.class::cast)
                .filter(task -> task.customerId().equals(customerId)).map(CreateTask::playbookRunId).toList();
    }

    @Test
    void everyQueuedRunIsDoneOnceInItsCustomersOrder() {
        for (int n = 1; n <= 60; n++) {
            triggered("run_a" + n, "cus_a");
            triggered("run_b" + n, "cus_b" + n);
        }

        pollUntil(() -> queue.depth() == 0);
        assertThat(tasksOf("cus_a")).as("one worker, more runs than a transaction takes")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 60).mapToObj(n -> "run_a" + n)
                        .toList());
        assertThat(sent.payloads().stream().filter(CreateTask.class::isInstance)).hasSize(120);
    }

    /** One customer's failing run fails the transaction of the others claimed with it: they are done without it. */
    @Test
    void aRunFailingUnexpectedlyIsParkedAsADeadLetterOfItsCustomer() {
        failTheTasksOf("cus_broken");
        triggered("run_broken", "cus_broken");
        for (int n = 1; n <= 5; n++) {
            triggered("run_ok" + n, "cus_ok" + n);
        }

        pollUntil(() -> queue.depth() == 0);
        for (int n = 1; n <= 5; n++) {
            assertThat(tasksOf("cus_ok" + n)).containsExactly("run_ok" + n);
        }
        List<DeadLetter<? extends EventMessage<?>>> parked = new ArrayList<>();
        letters.deadLetterSequence("cus_broken").forEach(parked::add);
        assertThat(parked).singleElement().satisfies(letter -> {
            assertThat(((PlaybookTriggered) letter.message().getPayload()).runId()).isEqualTo("run_broken");
            // at its place in the store, where a retry queues it again
            assertThat(((TrackedEventMessage<?>) letter.message()).trackingToken().position()).hasValue(1);
            assertThat(letter.cause()).hasValueSatisfying(cause -> {
                assertThat(cause.type()).isEqualTo(IllegalStateException.class.getName());
                assertThat(cause.message()).isEqualTo("without values");
            });
        });
    }

    @Test
    void aRunFailingForATransientCauseStaysQueuedForItsLeaseToEnd() {
        failTheTasksOf("cus_broken");
        enqueuePolicy = (letter, cause) -> {
            throw new IllegalStateException("transient: not to be parked");
        };
        triggered("run_broken", "cus_broken");
        triggered("run_ok", "cus_ok");
        assertThat(dispatcher.retrying()).isFalse();

        pollUntil(() -> tasksOf("cus_ok").size() == 1 && tasksOf("cus_broken").size() >= 1);
        assertThat(TestDatabase.jdbc().sql("SELECT run_id FROM playbook_run_queue").query(String.class).list())
                .containsExactly("run_broken");
        assertThat(letters.contains("cus_broken")).isFalse();
        assertThat(dispatcher.retrying()).as("health shows playbook-actions in error").isTrue();
        clock.advance(Duration.ofSeconds(21));
        assertThat(dispatcher.retrying()).as("no failure in two leases").isFalse();
    }

    /** A node stopping cleanly gives back the leases of the runs its interrupted workers did not do. */
    @Test
    void aCleanStopGivesBackTheLeasesOfTheRunsItDidNotDo() throws InterruptedException {
        CountDownLatch working = new CountDownLatch(1);
        sent.answer(command -> {
            if (command instanceof CreateTask) {
                working.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("stopped", e);
                }
            }
            return null;
        });
        triggered("run_held", "cus_held");
        dispatcher.dispatch();
        assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(leased("run_held")).as("claimed").isTrue();

        dispatcher.stop();

        assertThat(leased("run_held")).as("still to do, claimable by another node at once").isFalse();
        assertThat(letters.contains("cus_held")).as("a stop is no failure of the run").isFalse();
        assertThat(sent.payloads()).filteredOn(CreateTask.class::isInstance).hasSize(1);
    }

    /** Whether the queued run is leased (it must be queued). */
    private static boolean leased(String runId) {
        return TestDatabase.jdbc().sql("SELECT leased_until IS NOT NULL FROM playbook_run_queue WHERE run_id = ?")
                .param(runId).query(Boolean.class).single();
    }

    private void failTheTasksOf(String customerId) {
        sent.answer(command -> {
            if (command instanceof CreateTask task && task.customerId().equals(customerId)) {
                throw new IllegalStateException("the database went away");
            }
            return null;
        });
    }

    @Test
    void theRunsOfAPlaybookDeletedOrDisabledSinceTheyMatchedAreCancelled() {
        playbook("pbk_disabled", new PlaybookCreated("pbk_disabled", WS, definition(true), Instant.now()),
                new PlaybookUpdated("pbk_disabled", WS, definition(false), false, Instant.now()));
        playbook("pbk_deleted", new PlaybookCreated("pbk_deleted", WS, definition(true), Instant.now()),
                new PlaybookDeleted("pbk_deleted", WS, Instant.now()));
        triggered("run_live", "pbk_1", "cus_live");
        triggered("run_of_deleted", "pbk_deleted", "cus_deleted");
        triggered("run_of_disabled", "pbk_disabled", "cus_disabled");

        pollUntil(() -> queue.depth() == 0);
        assertThat(tasksOf("cus_live")).containsExactly("run_live");
        assertThat(sent.payloads()).noneMatch(command -> command instanceof CreateTask task
                && !task.customerId().equals("cus_live"));
        assertThat(sent.payloads()).noneMatch(command -> command instanceof UpdateCustomer update
                && !update.customerId().equals("cus_live"));
        assertThat(outcomes("run_of_deleted")).containsExactly("0:playbook_deleted", "1:playbook_deleted");
        assertThat(outcomes("run_of_disabled")).containsExactly("0:playbook_disabled", "1:playbook_disabled");
        assertThat(outcomes("run_live")).containsExactly("0:succeeded", "1:succeeded");
    }

    /**
     * A runaway playbook disabled, changed and enabled again before the workers came to its queued runs: the runs it
     * matched before the disable are cancelled all the same; those of the version enabled again act.
     */
    @Test
    void theRunsOfAPlaybookDisabledSinceTheyMatchedAreCancelledThoughItIsEnabledAgain() {
        playbook("pbk_fixed", new PlaybookCreated("pbk_fixed", WS, definition(true), Instant.now()),
                new PlaybookUpdated("pbk_fixed", WS, definition(false), false, Instant.now()),
                new PlaybookUpdated("pbk_fixed", WS, definition(true), true, Instant.now()));
        triggered("run_before_the_fix", "pbk_fixed", "cus_a", 0);
        triggered("run_after_the_fix", "pbk_fixed", "cus_b", 2);

        pollUntil(() -> queue.depth() == 0);
        assertThat(outcomes("run_before_the_fix")).containsExactly("0:playbook_disabled", "1:playbook_disabled");
        assertThat(outcomes("run_after_the_fix")).containsExactly("0:succeeded", "1:succeeded");
        assertThat(tasksOf("cus_a")).isEmpty();
    }

    /** Each recorded outcome of the run, as {@code index:code} ({@code succeeded} for a success). */
    private List<String> outcomes(String runId) {
        return sent.payloads().stream().filter(RecordPlaybookActionOutcome.class::isInstance)
                .map(RecordPlaybookActionOutcome.class::cast).filter(outcome -> outcome.runId().equals(runId))
                .map(outcome -> outcome.actionIndex() + ":"
                        + (outcome.succeeded() ? "succeeded" : outcome.errorCode()))
                .toList();
    }
}

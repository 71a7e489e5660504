package com.lealup.automation.playbook;

import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthStatusChanged;
import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDayStarted;
import com.lealup.api.playbook.PlaybookDeleted;
import com.lealup.api.playbook.PlaybookRules;
import com.lealup.api.playbook.PlaybookUpdated;
import com.lealup.api.playbook.StartPlaybookRun;
import com.lealup.api.projections.Lingers;
import com.lealup.api.segment.SegmentCreated;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.task.TaskCreated;
import com.lealup.api.task.TaskLifecycle;
import com.lealup.api.task.TaskUpdated;
import com.lealup.api.usage.CustomerUsage;
import com.lealup.api.usage.UsageRecorded;
import com.lealup.automation.SystemCommands;
import com.lealup.automation.playbook.EngineState.Arming;
import com.lealup.automation.playbook.expression.Evaluation;
import com.lealup.automation.playbook.expression.ExpressionEvaluator;
import com.lealup.write.customer.ErasedCustomersPort;
import com.lealup.write.usage.UsageLogPort;
import com.lealup.write.usage.UsageLogPort.LoggedEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The playbook engine: keeps each customer's facts from the events and decides when a playbook fires.
 *
 * <p>Condition and renewal playbooks are edge-triggered per (playbook, customer): they fire when the condition
 * becomes true, re-arm when it is false again, and a transition inside {@code cooldown_days} of the last firing
 * is swallowed. Conditions are evaluated when a customer's facts change, for every customer when a playbook
 * starts watching (created enabled, enabled, or its trigger changed), and on each {@link PlaybookDayStarted} for
 * the conditions that read {@code days_to_renewal}. Event playbooks fire on each matching event, cooldown aside.
 *
 * <p>Exactness: a workspace's events are one sequence ({@link PlaybookEngineProcessingConfiguration}), handled one
 * at a time in stream order by one segment, and the edge state is written in the same transaction as the event's
 * token and the run it starts ({@link StartPlaybookRun} is handled in the processor's unit of work). A batch that fails
 * is rolled back whole and redelivered, runs included. It is a policy, not a read model: it is never replayed (a
 * replay would fire again); a new deployment builds its facts from the start of the stream, before any playbook exists.
 * Times come from the events, so a run's {@code matched_at} is the time of the change that made it match.
 */
@Component
@ProcessingGroup(PlaybookEngine.PROCESSING_GROUP)
@Lingers
@DisallowReplay
class PlaybookEngine {

    static final String PROCESSING_GROUP = "playbook-engine";

    /** The system actor of the commands playbooks send. */
    static final String ACTOR_ID = "playbook-engine";

    /**
     * The most runs one after the other, each caused by the changes of the actions of the one before. Playbooks
     * whose actions keep making each other's conditions true (two {@code set_custom_field} that flip a field) would
     * otherwise run for ever, without a cooldown; a chain a playbook author means is a few runs long.
     */
    static final int LONGEST_CHAIN = 10;

    private static final Logger log = LoggerFactory.getLogger(PlaybookEngine.class);

    private final EngineState state;
    private final CommandGateway commandGateway;
    private final UsageLogPort usageLog;
    private final ErasedCustomersPort erasedCustomers;

    PlaybookEngine(EngineState state, CommandGateway commandGateway, UsageLogPort usageLog,
                   ErasedCustomersPort erasedCustomers) {
        this.state = state;
        this.commandGateway = commandGateway;
        this.usageLog = usageLog;
        this.erasedCustomers = erasedCustomers;
    }

    // playbooks

    @EventHandler
    void on(PlaybookCreated event, @SequenceNumber long version) {
        state.savePlaybook(event.playbookId(), event.workspaceId(), event.definition(), version);
        if (event.definition().enabled()) {
            startWatching(event.playbookId(), event.createdAt());
        }
    }

    @EventHandler
    void on(PlaybookUpdated event, @SequenceNumber long version) {
        state.savePlaybook(event.playbookId(), event.workspaceId(), event.definition(), version);
        if (event.rearmed()) {
            state.rearmAll(event.playbookId());
            startWatching(event.playbookId(), event.updatedAt());
        }
    }

    @EventHandler
    void on(PlaybookDeleted event) {
        state.forgetPlaybook(event.playbookId());
    }

    // facts

    @EventHandler
    void on(CustomerCreated event) {
        state.createFacts(event.customerId(), event.workspaceId(), event.fields());
        fireEventPlaybooks(event.workspaceId(), event.customerId(), PlaybookRules.CUSTOMER_CREATED, Map.of(),
                event.createdAt());
        evaluate(event.workspaceId(), event.customerId(), event.createdAt());
    }

    @EventHandler
    void on(CustomerUpdated event) {
        state.updateFacts(event.customerId(), event.changes(), event.cleared());
        evaluate(event.workspaceId(), event.customerId(), event.updatedAt());
    }

    @EventHandler
    void on(CustomerDeleted event) {
        state.markDeleted(event.customerId(), true);
        evaluate(event.workspaceId(), event.customerId(), event.deletedAt());
    }

    @EventHandler
    void on(CustomerRestored event) {
        state.markDeleted(event.customerId(), false);
        fireEventPlaybooks(event.workspaceId(), event.customerId(), PlaybookRules.CUSTOMER_RESTORED, Map.of(),
                event.restoredAt());
        evaluate(event.workspaceId(), event.customerId(), event.restoredAt());
    }

    @EventHandler
    void on(CustomerPurged event) {
        state.forgetCustomer(event.customerId());
    }

    @EventHandler
    void on(CustomerErased event) {
        state.forgetCustomer(event.customerId());
    }

    @EventHandler
    void on(HealthScoreCalculated event) {
        state.updateHealth(event.customerId(), event.score(), event.status());
        evaluate(event.workspaceId(), event.customerId(), event.calculatedAt());
    }

    @EventHandler
    void on(HealthStatusChanged event) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("previous_status", event.previousStatus());
        subject.put("health_status", event.status());
        subject.put("health_score", event.score());
        fireEventPlaybooks(event.workspaceId(), event.customerId(), PlaybookRules.CUSTOMER_HEALTH_CHANGED, subject,
                event.changedAt());
    }

    /**
     * Each stored usage event of an ingested type ({@link PlaybookRules#INGESTED_EVENT_TYPES}) an event playbook of the
     * workspace names fires it (cooldown aside), in time order. The summary says which customers had such events; their ids come from the usage log.
     */
    @EventHandler(payloadType = UsageRecorded.class)
    void on(EventMessage<UsageRecorded> message) {
        // most workspaces watch no usage type: the batch's summary (every customer's counts) is then not even read
        Object workspaceId = message.getMetaData().get(MetadataKeys.WORKSPACE_ID);
        Set<String> watched = state.watchedEventTypes(workspaceId instanceof String id ? id
                : message.getPayload().workspaceId());
        if (watched.isEmpty()) {
            return;
        }
        UsageRecorded event = message.getPayload();
        for (CustomerUsage usage : event.customers()) {
            List<String> types = watched.stream().filter(PlaybookRules.INGESTED_EVENT_TYPES::contains)
                    .filter(usage::hasType).toList();
            if (types.isEmpty()) {
                continue;
            }
            for (LoggedEvent logged : usageLog.events(event.batchId(), usage.customerId(), types)) {
                fireEventPlaybooks(event.workspaceId(), usage.customerId(), logged.type(),
                        Map.of("event_id", logged.id()), event.recordedAt());
            }
        }
    }

    @EventHandler
    void on(SegmentCreated event) {
        state.saveSegment(event.segmentId(), event.name());
    }

    @EventHandler
    void on(TaskCreated event) {
        if (state.openTask(event.taskId(), event.customerId())) {
            evaluate(event.workspaceId(), event.customerId(), event.createdAt());
        }
    }

    @EventHandler
    void on(TaskUpdated event) {
        if (TaskLifecycle.isFinal(event.changes().status()) && state.closeTask(event.taskId(), event.customerId())) {
            evaluate(event.workspaceId(), event.customerId(), event.updatedAt());
        }
    }

    @EventHandler
    void on(TaskCompleted event) {
        boolean closed = state.closeTask(event.taskId(), event.customerId());
        fireEventPlaybooks(event.workspaceId(), event.customerId(), PlaybookRules.TASK_COMPLETED,
                Map.of("task_id", event.taskId()), event.completedAt());
        if (closed) {
            evaluate(event.workspaceId(), event.customerId(), event.completedAt());
        }
    }

    // time

    /**
     * A new day of the workspace (revision 1: of every workspace): conditions that read days_to_renewal may have
     * changed for every customer with a renewal date.
     */
    @EventHandler
    void on(PlaybookDayStarted event) {
        List<WatchedPlaybook> playbooks = event.workspaceId() == null ? state.conditionPlaybooks()
                : state.conditionPlaybooks(event.workspaceId());
        for (WatchedPlaybook playbook : playbooks) {
            if (playbook.readsTheDay()) {
                evaluateAll(playbook, event.date(), true, event.startedAt());
            }
        }
    }

    // decisions

    private void startWatching(String playbookId, Instant at) {
        state.enabledPlaybook(playbookId).filter(p -> p.condition() != null)
                .ifPresent(playbook -> evaluateAll(playbook, EngineState.day(at), false, at));
    }

    /** Evaluates one playbook for every live customer of its workspace, writing only the transitions. */
    private void evaluateAll(WatchedPlaybook playbook, LocalDate today, boolean withRenewalOnly, Instant at) {
        Set<String> matching = state.matchingCustomers(playbook.id());
        List<String> nowFalse = new ArrayList<>();
        Map<FactsRow, Evaluation> nowTrue = new LinkedHashMap<>();
        state.forEachLiveCustomer(playbook.workspaceId(), withRenewalOnly, facts -> {
            boolean wasMatching = matching.contains(facts.customerId());
            if (ExpressionEvaluator.matches(playbook.condition(), facts.on(today))) {
                if (!wasMatching) {
                    nowTrue.put(facts, ExpressionEvaluator.evaluate(playbook.condition(), facts.on(today)));
                }
            } else if (wasMatching) {
                nowFalse.add(facts.customerId());
            }
        });
        nowFalse.forEach(customerId -> state.rearm(playbook.id(), customerId));
        nowTrue.forEach((facts, evaluation) -> becameTrue(playbook, facts, evaluation, at));
    }

    /** Evaluates the workspace's condition playbooks for one customer whose facts changed. */
    private void evaluate(String workspaceId, String customerId, Instant at) {
        List<WatchedPlaybook> playbooks = state.conditionPlaybooks(workspaceId);
        if (playbooks.isEmpty()) {
            return;
        }
        Optional<FactsRow> facts = state.facts(customerId).filter(f -> !f.deleted());
        for (WatchedPlaybook playbook : playbooks) {
            Optional<Evaluation> evaluation = facts.map(f -> ExpressionEvaluator.evaluate(playbook.condition(),
                    f.on(EngineState.day(at))));
            if (evaluation.isPresent() && evaluation.get().matched()) {
                boolean wasMatching = state.arming(playbook.id(), customerId).map(Arming::matching).orElse(false);
                if (!wasMatching) {
                    becameTrue(playbook, facts.get(), evaluation.get(), at);
                }
            } else {
                state.rearm(playbook.id(), customerId);
            }
        }
    }

    private void becameTrue(WatchedPlaybook playbook, FactsRow facts, Evaluation evaluation, Instant at) {
        Instant lastFired = state.arming(playbook.id(), facts.customerId()).map(Arming::lastFiredAt).orElse(null);
        boolean fires = outsideCooldown(playbook, lastFired, at);
        state.record(playbook.id(), facts.customerId(), true, fires ? at : lastFired);
        if (fires) {
            startRun(playbook, facts, evaluation.snapshot(), at);
        }
    }

    private void fireEventPlaybooks(String workspaceId, String customerId, String eventType, Map<String, Object> subject,
                                    Instant at) {
        List<WatchedPlaybook> playbooks = state.eventPlaybooks(workspaceId, eventType);
        if (playbooks.isEmpty()) {
            return;
        }
        Optional<FactsRow> facts = state.facts(customerId).filter(f -> !f.deleted());
        if (facts.isEmpty()) {
            return;
        }
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("event_type", eventType);
        snapshot.putAll(subject);
        for (WatchedPlaybook playbook : playbooks) {
            Instant lastFired = state.arming(playbook.id(), customerId).map(Arming::lastFiredAt).orElse(null);
            if (outsideCooldown(playbook, lastFired, at)) {
                state.record(playbook.id(), customerId, false, at);
                startRun(playbook, facts.get(), snapshot, at);
            }
        }
    }

    /**
     * Whether a firing at {@code at} is not inside the cooldown of the last one. {@code lastFired} comes back from
     * {@code last_fired_at} at the microsecond, rounded half up, so {@code at} is compared as stored: else the events
     * of one time (an ingested batch's) would find the first one's firing a little later than themselves, inside a
     * cooldown of 0.
     */
    private static boolean outsideCooldown(WatchedPlaybook playbook, Instant lastFired, Instant at) {
        return lastFired == null || !UtcTimestamps.toMicros(at).isBefore(
                lastFired.plus(Duration.ofDays(playbook.cooldownDays())));
    }

    private void startRun(WatchedPlaybook playbook, FactsRow facts, Map<String, Object> snapshot, Instant at) {
        // lingering, the engine may still be at a change of a customer whose erasure is committed after it: a run, its
        // task and its notifications would come after every read model and policy had forgotten the customer
        if (erasedCustomers.erased(facts.customerId())) {
            return;
        }
        int link = chainOfTheHandledEvent() + 1;
        if (link > LONGEST_CHAIN) {
            // the edge stays recorded as fired: the condition has to become false and true again to run
            log.warn("Playbook {} started no run for customer {}: the run would follow {} runs each caused by the one "
                    + "before, and {} is the most", playbook.id(), facts.customerId(), LONGEST_CHAIN, LONGEST_CHAIN);
            return;
        }
        commandGateway.sendAndWait(new StartPlaybookRun(Ids.next(Ids.PLAYBOOK_RUN), playbook.id(), playbook.name(),
                        playbook.workspaceId(), facts.customerId(), facts.ownerId(), playbook.triggerType(), snapshot,
                        playbook.actions(), at, playbook.version()),
                SystemCommands.metadata(ACTOR_ID, playbook.workspaceId()).and(MetadataKeys.PLAYBOOK_CHAIN, link));
    }

    /**
     * The runs that led to the event being handled: its run's actions carry its chain to the commands they send
     * (correlation data), and so to their events; a client's change has none.
     */
    private static int chainOfTheHandledEvent() {
        if (!CurrentUnitOfWork.isStarted()) {
            return 0;
        }
        Object chain = CurrentUnitOfWork.get().getMessage().getMetaData().get(MetadataKeys.PLAYBOOK_CHAIN);
        return chain instanceof Number links ? links.intValue() : 0;
    }
}

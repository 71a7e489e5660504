package com.lealup.automation.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDayStarted;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookDeleted;
import com.lealup.api.playbook.PlaybookRules;
import com.lealup.api.playbook.PlaybookTrigger;
import com.lealup.api.playbook.PlaybookUpdated;
import com.lealup.api.playbook.StartPlaybookDay;
import com.lealup.api.playbook.StartPlaybookRun;
import com.lealup.api.usage.IncomingUsageEvent;
import com.lealup.automation.SentCommands;
import com.lealup.testing.TestDatabase;
import com.lealup.write.customer.InMemoryCustomerKeys;
import com.lealup.write.usage.UsageLogs;
import com.lealup.write.usage.UsageLogs.StoredBatch;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine's decisions, event by event, on its real tables; time is the events' time. Conditions fire on the edge
 * (false → true) and re-arm when false again; a firing inside the cooldown is swallowed; a playbook that starts
 * watching evaluates every customer once; days_to_renewal moves with the calendar's days; event playbooks fire per
 * event.
 */
class PlaybookEngineDecisionsTest {

    private static final String WS = "wsp_engine_test";
    private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");
    private static final PlaybookAction CALL = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call", null, "owner",
            null, null, null, null, null, null);

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final SentCommands sent = new SentCommands();
    private final InMemoryCustomerKeys keys = new InMemoryCustomerKeys();
    private final PlaybookEngine engine = new PlaybookEngine(
            new EngineState(jdbc, TestDatabase.dataSource(), new ObjectMapper()), sent.gateway(),
            UsageLogs.on(TestDatabase.dataSource()), keys);

    @BeforeEach
    void emptyEngine() {
        jdbc.sql("""
                TRUNCATE playbook_engine_facts, playbook_engine_segment, playbook_engine_open_task,
                    playbook_engine_playbook, playbook_engine_arming, usage_log""").update();
    }

    private static PlaybookDefinition condition(String expression, boolean enabled, int cooldownDays) {
        return new PlaybookDefinition("When " + expression, null,
                new PlaybookTrigger(PlaybookTrigger.CONDITION, expression, null, null), List.of(CALL), enabled,
                cooldownDays);
    }

    private static PlaybookDayStarted day(LocalDate date, Instant startedAt) {
        return new PlaybookDayStarted(StartPlaybookDay.of(WS, date).calendarId(), date, startedAt, WS);
    }

    private static CustomerFields fields(String arr, LocalDate renewal) {
        return new CustomerFields("Acme", "acme.com", new BigDecimal(arr), "USD", "active", "usr_ana", null, renewal,
                "pipeline", Map.of());
    }

    private static CustomerUpdated arr(String customerId, String arr, Instant at) {
        return new CustomerUpdated(customerId, WS, new CustomerFields(null, null, new BigDecimal(arr), null, null, null,
                null, null, null, null), Set.of(), at);
    }

    private List<StartPlaybookRun> runs() {
        return sent.payloads().stream().map(StartPlaybookRun.class::cast).toList();
    }

    @Test
    void firesWhenTheConditionBecomesTrueAndAgainOnlyAfterItWasFalse() {
        engine.on(new PlaybookCreated("pbk_1", WS, condition("arr > 1000", true, 0), T0), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("500", null), T0));
        assertThat(runs()).isEmpty();

        engine.on(arr("cus_1", "2000", T0.plusSeconds(60)));
        engine.on(arr("cus_1", "3000", T0.plusSeconds(120)));
        assertThat(runs()).hasSize(1);
        StartPlaybookRun run = runs().get(0);
        assertThat(run.snapshot()).isEqualTo(Map.of("arr", new BigDecimal("2000")));
        assertThat(run.matchedAt()).as("the time of the change that made it match").isEqualTo(T0.plusSeconds(60));
        assertThat(run.customerId()).isEqualTo("cus_1");
        assertThat(run.ownerId()).isEqualTo("usr_ana");
        assertThat(run.actions()).containsExactly(CALL);
        assertThat(sent.messages().get(0).getMetaData()).containsEntry(MetadataKeys.ACTOR_ID, "playbook-engine")
                .containsEntry(MetadataKeys.WORKSPACE_ID, WS);

        engine.on(arr("cus_1", "100", T0.plusSeconds(180)));
        engine.on(arr("cus_1", "5000", T0.plusSeconds(240)));
        assertThat(runs()).extracting(StartPlaybookRun::matchedAt).containsExactly(T0.plusSeconds(60),
                T0.plusSeconds(240));
    }

    @Test
    void aTransitionInsideTheCooldownIsSwallowed() {
        engine.on(new PlaybookCreated("pbk_1", WS, condition("arr > 1000", true, 10), T0), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("2000", null), T0));
        assertThat(runs()).hasSize(1);

        engine.on(arr("cus_1", "100", T0.plus(Duration.ofDays(1))));
        engine.on(arr("cus_1", "2000", T0.plus(Duration.ofDays(9))));
        assertThat(runs()).as("9 days after the last run").hasSize(1);

        engine.on(arr("cus_1", "100", T0.plus(Duration.ofDays(10))));
        engine.on(arr("cus_1", "2500", T0.plus(Duration.ofDays(10)).plusSeconds(1)));
        assertThat(runs()).hasSize(2);
    }

    @Test
    void aPlaybookThatStartsWatchingFiresOnceForEveryMatchingCustomerAndADisabledOneNever() {
        engine.on(new CustomerCreated("cus_big", WS, fields("5000", null), T0));
        engine.on(new CustomerCreated("cus_bigger", WS, fields("9000", null), T0));
        engine.on(new CustomerCreated("cus_small", WS, fields("10", null), T0));
        engine.on(new CustomerCreated("cus_other_ws", "wsp_other", fields("9000", null), T0));
        engine.on(new PlaybookCreated("pbk_1", WS, condition("arr > 1000", false, 0), T0), 0L);
        engine.on(arr("cus_small", "2000", T0.plusSeconds(10)));
        assertThat(runs()).as("disabled").isEmpty();

        engine.on(new PlaybookUpdated("pbk_1", WS, condition("arr > 1000", true, 0), true, T0.plusSeconds(20)), 1L);
        assertThat(runs()).extracting(StartPlaybookRun::customerId)
                .containsExactlyInAnyOrder("cus_big", "cus_bigger", "cus_small");
        // each run names the version it matched with, which a later disable cancels
        assertThat(runs()).extracting(StartPlaybookRun::playbookVersion).containsOnly(1L);

        sent.clear();
        engine.on(new PlaybookUpdated("pbk_1", WS, condition("arr > 1000", false, 0), false, T0.plusSeconds(30)), 2L);
        engine.on(arr("cus_big", "1", T0.plusSeconds(40)));
        engine.on(arr("cus_big", "6000", T0.plusSeconds(50)));
        assertThat(runs()).isEmpty();
    }

    @Test
    void deletedCustomersDoNotFireAndARestoredOneIsEvaluatedAgain() {
        engine.on(new PlaybookCreated("pbk_1", WS, condition("arr > 1000", true, 0), T0), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("10", null), T0));
        engine.on(new CustomerDeleted("cus_1", WS, T0.plusSeconds(10), T0.plus(Duration.ofDays(30))));
        engine.on(arr("cus_1", "2000", T0.plusSeconds(20)));
        assertThat(runs()).isEmpty();

        engine.on(new CustomerRestored("cus_1", WS, T0.plusSeconds(30)));
        assertThat(runs()).extracting(StartPlaybookRun::matchedAt).containsExactly(T0.plusSeconds(30));
    }

    /** Lingering, the engine may reach a change of a customer after its erasure is committed: no run comes of it. */
    @Test
    void aChangeOfACustomerErasedSinceStartsNoRun() {
        engine.on(new PlaybookCreated("pbk_1", WS, condition("arr > 1000", true, 0), T0), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("10", null), T0));
        keys.destroy("cus_1");
        engine.on(arr("cus_1", "2000", T0.plusSeconds(20)));
        assertThat(runs()).isEmpty();
    }

    /**
     * A run's actions carry its chain to their changes: a run caused by them is one link more, and none is started
     * past the longest chain (two playbooks flipping a field would run for ever without a cooldown).
     */
    @Test
    void aRunCausedByRunsBeforeItIsALinkMoreAndNoneStartsPastTheLongestChain() {
        engine.on(new PlaybookCreated("pbk_1", WS, condition("arr > 1000", true, 0), T0), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("10", null), T0));
        engine.on(new CustomerCreated("cus_2", WS, fields("10", null), T0));

        engine.on(arr("cus_1", "2000", T0.plusSeconds(10)));
        assertThat(sent.messages().get(0).getMetaData()).containsEntry(MetadataKeys.PLAYBOOK_CHAIN, 1);
        onCausedBy(PlaybookEngine.LONGEST_CHAIN - 1, arr("cus_1", "100", T0.plusSeconds(20)));
        onCausedBy(PlaybookEngine.LONGEST_CHAIN - 1, arr("cus_1", "3000", T0.plusSeconds(30)));
        assertThat(sent.messages().get(1).getMetaData())
                .containsEntry(MetadataKeys.PLAYBOOK_CHAIN, PlaybookEngine.LONGEST_CHAIN);

        onCausedBy(PlaybookEngine.LONGEST_CHAIN, arr("cus_2", "2000", T0.plusSeconds(40)));
        assertThat(runs()).hasSize(2);
        // the edge stays fired: the same chain going on starts nothing, a client's change after re-arming does
        onCausedBy(PlaybookEngine.LONGEST_CHAIN, arr("cus_2", "2500", T0.plusSeconds(50)));
        engine.on(arr("cus_2", "100", T0.plusSeconds(60)));
        engine.on(arr("cus_2", "2000", T0.plusSeconds(70)));
        assertThat(runs()).extracting(StartPlaybookRun::customerId).containsExactly("cus_1", "cus_1", "cus_2");
    }

    private void onCausedBy(int chain, CustomerUpdated event) {
        new BatchingUnitOfWork<>(GenericEventMessage.asEventMessage(event)
                .andMetaData(Map.of(MetadataKeys.PLAYBOOK_CHAIN, chain))).execute(() -> engine.on(event));
    }

    @Test
    void daysToRenewalMovesWithTheCalendar() {
        LocalDate today = LocalDate.parse("2026-11-26");
        engine.on(new CustomerCreated("cus_1", WS, fields("10", today.plusDays(100)), T0));
        engine.on(new CustomerCreated("cus_no_renewal", WS, fields("10", null), T0));
        engine.on(new PlaybookCreated("pbk_1", WS, condition("days_to_renewal <= 30", true, 0), T0), 0L);
        engine.on(day(today.plusDays(1), T0.plus(Duration.ofDays(1))));
        assertThat(runs()).isEmpty();

        Instant dayStarted = T0.plus(Duration.ofDays(75));
        engine.on(day(today.plusDays(75), dayStarted));
        assertThat(runs()).hasSize(1);
        assertThat(runs().get(0).snapshot()).containsOnlyKeys("days_to_renewal");
        assertThat(runs().get(0).snapshot().get("days_to_renewal")).hasToString("25");
        assertThat(runs().get(0).matchedAt()).isEqualTo(dayStarted);

        engine.on(day(today.plusDays(76), dayStarted.plus(Duration.ofDays(1))));
        assertThat(runs()).as("still true: no new edge").hasSize(1);
    }

    @Test
    void aWorkspacesDayEvaluatesItsOwnPlaybooksAndADeploymentWideDayEveryWorkspaces() {
        LocalDate today = LocalDate.parse("2026-11-26");
        String other = "wsp_engine_other";
        engine.on(new CustomerCreated("cus_1", WS, fields("10", today.plusDays(100)), T0));
        engine.on(new CustomerCreated("cus_2", other, fields("10", today.plusDays(100)), T0));
        engine.on(new PlaybookCreated("pbk_1", WS, condition("days_to_renewal <= 30", true, 0), T0), 0L);
        engine.on(new PlaybookCreated("pbk_2", other, condition("days_to_renewal <= 30", true, 0), T0), 0L);

        engine.on(new PlaybookDayStarted(StartPlaybookDay.of(other, null).calendarId(), today.plusDays(75),
                T0.plus(Duration.ofDays(75)), other));
        assertThat(runs()).extracting(StartPlaybookRun::customerId).containsExactly("cus_2");

        engine.on(new PlaybookDayStarted("playbook-calendar", today.plusDays(76), T0.plus(Duration.ofDays(76)), null));
        assertThat(runs()).as("revision 1: the one calendar of the deployment").extracting(StartPlaybookRun::customerId)
                .containsExactly("cus_2", "cus_1");
    }

    @Test
    void eventPlaybooksFireOnEachEventOutsideTheirCooldown() {
        PlaybookDefinition onRestore = new PlaybookDefinition("Welcome back", null,
                new PlaybookTrigger(PlaybookTrigger.EVENT, null, "customer.restored", null), List.of(CALL), true, 1);
        engine.on(new PlaybookCreated("pbk_1", WS, onRestore, T0), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("10", null), T0));
        for (int day : new int[] {0, 0, 1, 2}) {
            Instant at = T0.plus(Duration.ofDays(day)).plusSeconds(60);
            engine.on(new CustomerDeleted("cus_1", WS, at.minusSeconds(1), at.plus(Duration.ofDays(30))));
            engine.on(new CustomerRestored("cus_1", WS, at));
        }
        assertThat(runs()).extracting(StartPlaybookRun::matchedAt).containsExactly(T0.plusSeconds(60),
                T0.plus(Duration.ofDays(1)).plusSeconds(60), T0.plus(Duration.ofDays(2)).plusSeconds(60));
        assertThat(runs().get(0).snapshot()).isEqualTo(Map.of("event_type", "customer.restored"));
        assertThat(runs().get(0).triggerType()).isEqualTo(PlaybookTrigger.EVENT);
    }

    private static PlaybookDefinition onLogin(int cooldownDays) {
        return new PlaybookDefinition("On login", null, new PlaybookTrigger(PlaybookTrigger.EVENT, null, "login", null),
                List.of(CALL), true, cooldownDays);
    }

    private static IncomingUsageEvent usage(int index, String type, Instant at) {
        return new IncomingUsageEvent(index, null, type, "cus_1", null, null, at, "{}", null, null);
    }

    /** A batch received within a microsecond that the database rounds up, as a real clock's time mostly is. */
    private StoredBatch loginsThenAFeatureAndALogin() {
        Instant received = T0.plusNanos(123_456_789);
        return UsageLogs.store(TestDatabase.dataSource(), WS, "ubt_1", received, "cus_1", List.of(
                usage(0, "login", T0.minusSeconds(10)), usage(1, "login", T0.minusSeconds(30)),
                usage(2, "feature_used", T0.minusSeconds(20)), usage(3, "login", T0.minusSeconds(10))));
    }

    @Test
    void anIngestedBatchFiresAnEventPlaybookOncePerEventOfItsTypeInTimeOrder() {
        engine.on(new PlaybookCreated("pbk_1", WS, onLogin(0), T0.minusSeconds(60)), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("10", null), T0.minusSeconds(60)));
        StoredBatch batch = loginsThenAFeatureAndALogin();

        engine.on(GenericEventMessage.asEventMessage(batch.recorded()));

        List<String> ids = batch.eventIds();
        assertThat(runs()).extracting(run -> run.snapshot().get("event_id"))
                .as("the earliest first; equal times by our id").containsExactly(ids.get(1), ids.get(0), ids.get(3));
        assertThat(runs()).allSatisfy(run -> {
            assertThat(run.snapshot()).containsEntry("event_type", "login");
            assertThat(run.matchedAt()).isEqualTo(batch.recorded().recordedAt());
        });
    }

    @Test
    void anIngestedBatchFiresAPlaybookWithACooldownOnlyOnItsFirstEvent() {
        engine.on(new PlaybookCreated("pbk_1", WS, onLogin(1), T0.minusSeconds(60)), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("10", null), T0.minusSeconds(60)));
        StoredBatch batch = loginsThenAFeatureAndALogin();

        engine.on(GenericEventMessage.asEventMessage(batch.recorded()));

        assertThat(runs()).extracting(run -> run.snapshot().get("event_id")).containsExactly(batch.eventIds().get(1));
    }

    /** Only the customer's own events fire its domain-event playbooks: an ingested event named like one fires none. */
    @Test
    void anIngestedEventNamedAfterADomainEventFiresNoPlaybook() {
        for (String type : List.of("customer.created", "customer.restored", "customer.health_changed", "task.completed")) {
            engine.on(new PlaybookCreated("pbk_" + type, WS, new PlaybookDefinition("On " + type, null,
                    new PlaybookTrigger(PlaybookTrigger.EVENT, null, type, null), List.of(CALL), true, 0), T0.minusSeconds(60)), 0L);
        }
        engine.on(new PlaybookCreated("pbk_login", WS, onLogin(0), T0.minusSeconds(60)), 0L);
        engine.on(new CustomerCreated("cus_1", WS, fields("10", null), T0.minusSeconds(60)));
        StoredBatch batch = UsageLogs.store(TestDatabase.dataSource(), WS, "ubt_1", T0, "cus_1", List.of(
                usage(0, "customer.created", T0.minusSeconds(40)), usage(1, "customer.restored", T0.minusSeconds(30)),
                usage(2, "customer.health_changed", T0.minusSeconds(20)), usage(3, "task.completed", T0.minusSeconds(15)),
                usage(4, "login", T0.minusSeconds(10))));

        engine.on(GenericEventMessage.asEventMessage(batch.recorded()));

        assertThat(runs()).extracting(StartPlaybookRun::playbookId).as("the customer's creation, then the login alone")
                .containsExactly("pbk_customer.created", "pbk_login");
    }

    @Test
    void aBatchLooksUpTheWorkspacesPlaybooksOnceUntilItChangesOne() {
        PlaybookDefinition onCreate = new PlaybookDefinition("Welcome", null, new PlaybookTrigger(
                PlaybookTrigger.EVENT, null, PlaybookRules.CUSTOMER_CREATED, null), List.of(CALL), true, 0);
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(GenericEventMessage.asEventMessage("a batch"));
        batch.start();
        // cus_1 finds no playbook; the playbooks the batch creates and deletes are seen by the events after them
        engine.on(new CustomerCreated("cus_1", WS, fields("500", null), T0));
        engine.on(new PlaybookCreated("pbk_1", WS, condition("arr > 1000", true, 0), T0.plusSeconds(1)), 0L);
        engine.on(new PlaybookCreated("pbk_2", WS, onCreate, T0.plusSeconds(2)), 0L);
        engine.on(new CustomerCreated("cus_2", WS, fields("2000", null), T0.plusSeconds(3)));
        engine.on(arr("cus_1", "1500", T0.plusSeconds(4)));
        engine.on(new PlaybookDeleted("pbk_2", WS, T0.plusSeconds(5)));
        engine.on(new CustomerCreated("cus_3", WS, fields("10", null), T0.plusSeconds(6)));
        engine.on(new PlaybookDeleted("pbk_1", WS, T0.plusSeconds(7)));
        engine.on(arr("cus_3", "5000", T0.plusSeconds(8)));
        batch.commit();
        assertThat(runs()).extracting(r -> r.playbookId() + " " + r.customerId())
                .containsExactly("pbk_2 cus_2", "pbk_1 cus_2", "pbk_1 cus_1");
    }

    private Map<String, Object> factsWithoutTheirIds(String customerId) {
        Map<String, Object> row = new java.util.HashMap<>(jdbc.sql("SELECT * FROM playbook_engine_facts WHERE customer_id = ?")
                .param(customerId).query().singleRow());
        row.remove("customer_id");
        return row;
    }

    @Test
    void theFactsOfABatchAreWrittenAtItsCommitAsIfOneByOne() {
        CustomerFields created = new CustomerFields("Acme", "acme.com", new BigDecimal("500.50"), "USD", "trial",
                "usr_ana", "seg_1", LocalDate.parse("2027-03-01"), "pipeline", Map.of("tier", "gold", "seats", 12));
        CustomerFields renamed = new CustomerFields("Acme Corp", null, null, null, "active", null, null, null, null,
                java.util.Collections.singletonMap("tier", null));
        for (String id : List.of("cus_one", "cus_known_one")) {
            engine.on(new CustomerCreated(id, WS, created, T0));
        }
        engine.on(new CustomerUpdated("cus_one", WS, renamed, Set.of(CustomerFields.OWNER_ID), T0.plusSeconds(1)));
        engine.on(arr("cus_one", "900", T0.plusSeconds(2)));
        engine.on(new CustomerUpdated("cus_one", WS, renamed, Set.of(CustomerFields.RENEWAL_DATE, CustomerFields.SEGMENT_ID), T0.plusSeconds(3)));
        engine.on(arr("cus_known_one", "700", T0.plusSeconds(4)));

        engine.on(new CustomerCreated("cus_known_batch", WS, created, T0));
        new BatchingUnitOfWork<>(GenericEventMessage.asEventMessage("a batch")).execute(() -> {
            engine.on(new CustomerCreated("cus_batch", WS, created, T0));
            engine.on(new CustomerUpdated("cus_batch", WS, renamed, Set.of(CustomerFields.OWNER_ID), T0.plusSeconds(1)));
            engine.on(arr("cus_known_batch", "700", T0.plusSeconds(4)));
            engine.on(arr("cus_batch", "900", T0.plusSeconds(2)));
            engine.on(new CustomerCreated("cus_batch", WS, created, T0.plusSeconds(5)));
            engine.on(new CustomerUpdated("cus_batch", WS, renamed, Set.of(CustomerFields.RENEWAL_DATE, CustomerFields.SEGMENT_ID),
                    T0.plusSeconds(3)));
            assertThat(jdbc.sql("SELECT count(*) FROM playbook_engine_facts WHERE customer_id = 'cus_batch'")
                    .query(Long.class).single()).as("queued until the batch commits").isZero();
        });

        assertThat(factsWithoutTheirIds("cus_batch")).isEqualTo(factsWithoutTheirIds("cus_one"))
                .containsEntry("name", "Acme Corp").containsEntry("owner_id", null).containsEntry("renewal_date", null);
        assertThat(factsWithoutTheirIds("cus_known_batch")).isEqualTo(factsWithoutTheirIds("cus_known_one"));
        assertThat(runs()).isEmpty();
    }
}

package com.lealup.read.health;

import static com.lealup.read.ReadModelDatabase.assertRedeliveryAndReplaysRebuild;
import static com.lealup.read.ReadModelDatabase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.FindHealthChangeLog;
import com.lealup.api.health.FindHealthChanges;
import com.lealup.api.health.HealthChangeLog;
import com.lealup.api.health.HealthChanges;
import com.lealup.api.health.HealthChanges.Change;
import com.lealup.api.health.HealthChanges.DimensionChange;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.read.ReadModelDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The changes of one customer, figures by hand: 84 (docs/health-model.md's example), a drop to 64 after NPS 2 and
 * three more high tickets, then a model change (v2: product usage 50, engagement 30, support 20) to 68.
 */
class HealthChangeProjectionTest {

    private static final String WS = "wsp_health_changes_test";
    private static final Instant T1 = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant T3 = Instant.parse("2026-03-03T08:00:00Z");

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    /** As the application's (application.yml, spring.jackson): the changes are stored as the API writes them. */
    private final ObjectMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private final HealthChangeProjection projection = new HealthChangeProjection(jdbc, json);
    private final HealthChangeQueries queries = new HealthChangeQueries(jdbc, new HealthRows(json));

    private static DimensionScore dim(String key, String weight, int score, String contribution,
                                      Map<String, Object> signals) {
        return new DimensionScore(key, new BigDecimal(weight), score, new BigDecimal(contribution), signals);
    }

    private static Map<String, Object> tickets(int high) {
        Map<String, Object> openTickets = new LinkedHashMap<>();
        openTickets.put("low", 0);
        openTickets.put("normal", 0);
        openTickets.put("high", high);
        openTickets.put("urgent", 0);
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("open_tickets", openTickets);
        signals.put("weighted_load", 3 * high);
        return signals;
    }

    private static HealthScoreCalculated first(String customer) {
        return new HealthScoreCalculated(customer, WS, 1, 84, "healthy", null, null, 1, List.of(
                dim("product_usage", "35.00", 75, "26.25", Map.of("events_last_30d", 100)),
                dim("engagement", "20.00", 100, "20.00", Map.of("days_since_last_touchpoint", 3)),
                dim("support", "15.00", 70, "10.50", tickets(1)),
                dim("nps", "15.00", 80, "12.00", Map.of("latest_nps", 8)),
                dim("financial", "15.00", 100, "15.00", Map.of("overdue_invoices", 0))), T1, "events");
    }

    private static HealthScoreCalculated drop(String customer) {
        return new HealthScoreCalculated(customer, WS, 2, 64, "neutral", 84, "healthy", 1, List.of(
                dim("product_usage", "35.00", 75, "26.25", Map.of("events_last_30d", 100)),
                dim("engagement", "20.00", 100, "20.00", Map.of("days_since_last_touchpoint", 3)),
                dim("support", "15.00", 0, "0.00", tickets(4)),
                dim("nps", "15.00", 20, "3.00", Map.of("latest_nps", 2)),
                dim("financial", "15.00", 100, "15.00", Map.of("overdue_invoices", 0))), T2, "events");
    }

    private static HealthScoreCalculated modelChange(String customer, String trigger) {
        return new HealthScoreCalculated(customer, WS, 3, 68, "neutral", 64, "neutral", 2, List.of(
                dim("product_usage", "50.00", 75, "37.50", Map.of("events_last_30d", 100)),
                dim("engagement", "30.00", 100, "30.00", Map.of("days_since_last_touchpoint", 3)),
                dim("support", "20.00", 0, "0.00", tickets(4))), T3, trigger);
    }

    /** As the event processor delivers it: the event's identifier, and the trace id of its metadata. */
    private void project(HealthScoreCalculated event) {
        projection.on(event, "evt-" + event.customerId() + "-" + event.calculation(), "trace-" + event.calculation());
    }

    private List<Change> changes(String customer, Instant from, Instant to, Long before, int limit) {
        return queries.handle(new FindHealthChanges(WS, customer, from, to, before, limit)).rows().stream()
                .map(this::parse).toList();
    }

    private Change parse(HealthChanges.Entry entry) {
        try {
            Change change = json.readValue(entry.json(), Change.class);
            assertThat(change.calculation()).as("the entry's position").isEqualTo(entry.calculation());
            return change;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Change> all(String customer) {
        return changes(customer, null, null, null, 50);
    }

    private static Map<String, DimensionChange> byKey(Change change) {
        Map<String, DimensionChange> byKey = new LinkedHashMap<>();
        change.dimensions().forEach(d -> byKey.put(d.key(), d));
        return byKey;
    }

    private static void assertDeltasAddUp(Change change) {
        BigDecimal sum = change.dimensions().stream().map(DimensionChange::contributionDelta)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        int previous = change.previousScore() == null ? 0 : change.previousScore();
        assertThat(sum).as("deltas of calculation " + change.calculation())
                .isEqualByComparingTo(BigDecimal.valueOf(change.score() - previous));
    }

    @Test
    void eachChangeIsExplainedAgainstTheScoreBeforeIt() {
        String customer = "cus_changes_explained";
        project(first(customer));
        project(drop(customer));
        project(modelChange(customer, "model_change"));

        List<Change> changes = all(customer);
        assertThat(changes).extracting(Change::calculation).containsExactly(3L, 2L, 1L);
        changes.forEach(HealthChangeProjectionTest::assertDeltasAddUp);

        // the first score: every dimension appeared; 83.75 is rounded to 84, the 0.25 goes to the largest (26.25)
        Change firstScore = changes.get(2);
        assertThat(firstScore.previousScore()).isNull();
        assertThat(firstScore.previousModelVersion()).isNull();
        assertThat(firstScore.dimensions()).allSatisfy(d -> assertThat(d.previousScore()).isNull());
        assertThat(byKey(firstScore).get("product_usage").contributionDelta()).isEqualByComparingTo("26.50");
        assertThat(firstScore.signals()).hasSize(9).first()
                .isEqualTo(new HealthChanges.SignalChange("product_usage", "events_last_30d", null, 100));

        // the drop: support -10.50, nps -9.00 (-19.50); 64.25 is rounded to 64, so -20: support carries -0.50
        Change dropped = changes.get(1);
        assertThat(dropped.score()).isEqualTo(64);
        assertThat(dropped.previousScore()).isEqualTo(84);
        assertThat(dropped.status()).isEqualTo("neutral");
        assertThat(dropped.previousStatus()).isEqualTo("healthy");
        assertThat(dropped.trigger()).isEqualTo("events");
        Map<String, DimensionChange> dims = byKey(dropped);
        assertThat(dims.keySet()).containsExactly("product_usage", "engagement", "support", "nps", "financial");
        assertThat(dims.get("support")).isEqualTo(new DimensionChange("support", 0, 70, new BigDecimal("15.00"),
                new BigDecimal("15.00"), new BigDecimal("0.00"), new BigDecimal("10.50"), new BigDecimal("-11.00")));
        assertThat(dims.get("nps").contributionDelta()).isEqualByComparingTo("-9.00");
        assertThat(dims.get("product_usage").contributionDelta()).isEqualByComparingTo("0");
        assertThat(dropped.signals()).extracting(s -> s.dimension() + "." + s.name() + " " + s.from() + " -> " + s.to())
                .containsExactly("support.open_tickets.high 1 -> 4", "support.weighted_load 3 -> 12",
                        "nps.latest_nps 8 -> 2");

        // the model change: old and new weights; nps and financial vanished
        Change changed = changes.get(0);
        assertThat(changed.trigger()).isEqualTo("model_change");
        assertThat(changed.modelVersion()).isEqualTo(2);
        assertThat(changed.previousModelVersion()).isEqualTo(1);
        Map<String, DimensionChange> model = byKey(changed);
        assertThat(model.get("product_usage").weight()).isEqualByComparingTo("50");
        assertThat(model.get("product_usage").previousWeight()).isEqualByComparingTo("35");
        assertThat(model.get("nps")).isEqualTo(new DimensionChange("nps", null, 20, null, new BigDecimal("15.00"), null,
                new BigDecimal("3.00"), new BigDecimal("-3.00")));
        // +11.25 +10.00 +0.00 -3.00 -15.00 = 3.25 and 68 - 64 = 4: the 0.75 goes to product usage, the largest move
        // among the dimensions present before and after; the vanished ones keep exactly their contributions
        assertThat(model.get("product_usage").contributionDelta()).isEqualByComparingTo("12.00");
        assertThat(model.get("engagement").contributionDelta()).isEqualByComparingTo("10.00");
        assertThat(model.get("financial").contributionDelta()).isEqualByComparingTo("-15.00");
        assertThat(changed.signals()).extracting(s -> s.dimension() + "." + s.name())
                .containsExactly("nps.latest_nps", "financial.overdue_invoices");
    }

    @Test
    void handlingIsIdempotentAndInAnyOrder() {
        String inOrder = "cus_changes_in_order";
        project(first(inOrder));
        project(drop(inOrder));
        String shuffled = "cus_changes_shuffled";
        project(drop(shuffled));
        project(first(shuffled));
        project(drop(shuffled));
        project(first(shuffled));

        assertThat(all(shuffled)).isEqualTo(all(inOrder)).hasSize(2);
    }

    @Test
    void aScoreIsExplainedAgainWhenTheOneBeforeItArrives() {
        String inOrder = "cus_changes_late_in_order";
        project(first(inOrder));
        project(drop(inOrder));
        project(modelChange(inOrder, "model_change"));
        String late = "cus_changes_late";
        project(modelChange(late, "model_change"));
        project(first(late));
        assertThat(all(late).get(0).signals()).as("3 before 2 arrived").isEmpty();
        project(drop(late));

        assertThat(all(late)).isEqualTo(all(inOrder)).hasSize(3);
        assertThat(explanations(late)).isEqualTo(explanations(inOrder));
    }

    @Test
    void redeliveryAndReplaysRebuildTheRows() {
        String customer = "cus_changes_replayed";
        Runnable history = () -> {
            project(first(customer));
            project(drop(customer));
            project(modelChange(customer, "model_change"));
        };
        history.run();
        assertRedeliveryAndReplaysRebuild(() -> rows("health_change", "customer_id = ?", customer), history,
                projection::reset);
    }

    @Test
    void theTimeShownIsTheTimeStored() {
        String customer = "cus_changes_nanos";
        HealthScoreCalculated f = first(customer);
        project(new HealthScoreCalculated(customer, WS, 1, f.score(), f.status(), null, null, 1, f.dimensions(),
                T1.plusNanos(123_456_500), "events"));

        Instant stored = jdbc.sql("SELECT calculated_at FROM health_change WHERE customer_id = ?").param(customer)
                .query(java.sql.Timestamp.class).single().toInstant();
        assertThat(stored).isEqualTo(T1.plusNanos(123_457_000));
        assertThat(all(customer).get(0).calculatedAt()).isEqualTo(stored);
    }

    /** The stored JSON, byte for byte. */
    private List<String> explanations(String customer) {
        return queries.handle(new FindHealthChanges(WS, customer, null, null, null, 50)).rows().stream()
                .map(HealthChanges.Entry::json).toList();
    }

    @Test
    void aPreviousScoreTheReadModelDoesNotHoldLeavesThePreviousSideUnknown() {
        String customer = "cus_changes_gap";
        project(drop(customer));

        Change dropped = all(customer).get(0);
        assertThat(dropped.previousScore()).isEqualTo(84);
        assertThat(dropped.previousModelVersion()).isNull();
        assertThat(dropped.dimensions()).allSatisfy(d -> {
            assertThat(d.previousScore()).isNull();
            assertThat(d.contributionDelta()).isNull();
        });
        assertThat(dropped.signals()).isEmpty();
    }

    @Test
    void aScoreStoredBeforeTriggersIsAModelChangeWhenTheVersionMoved() {
        String customer = "cus_changes_legacy";
        project(first(customer));
        project(new HealthScoreCalculated(customer, WS, 2, 64, "neutral", 84, "healthy", 1,
                drop(customer).dimensions(), T2, null));
        project(modelChange(customer, null));

        assertThat(all(customer)).extracting(Change::trigger).containsExactly("model_change", "events", "events");
    }

    @Test
    void pagesNewestFirstWithinTheTimeWindowOfTheWorkspace() {
        String customer = "cus_changes_pages";
        project(first(customer));
        project(drop(customer));
        project(modelChange(customer, "model_change"));

        // a page of one asks for two rows: the second tells that there are more
        assertThat(changes(customer, null, null, null, 1)).extracting(Change::calculation).containsExactly(3L, 2L);
        assertThat(changes(customer, null, null, 3L, 1)).extracting(Change::calculation).containsExactly(2L, 1L);
        assertThat(changes(customer, null, null, 2L, 1)).extracting(Change::calculation).containsExactly(1L);
        assertThat(changes(customer, T2, T3, null, 50)).extracting(Change::calculation).containsExactly(2L);
        // the window filters; the explanation still reaches the score before it
        assertThat(changes(customer, T2, T3, null, 50).get(0).dimensions())
                .allSatisfy(d -> assertThat(d.contributionDelta()).isNotNull());
        assertThat(queries.handle(new FindHealthChanges("wsp_other", customer, null, null, null, 50)).rows()).isEmpty();
    }

    @Test
    void aPurgedCustomerLeavesNoChanges() {
        String customer = "cus_changes_purged";
        project(first(customer));
        project(drop(customer));
        projection.on(new CustomerPurged(customer, WS, T3));

        assertThat(all(customer)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM health_change WHERE customer_id = ?").param(customer)
                .query(Integer.class).single()).isZero();
    }

    /**
     * The changes of score of a customer's history: oldest first after a calculation, with their event and trace ids;
     * not a score that kept the score and the status (a new breakdown).
     */
    @Test
    void theHistoryReadsTheScoresOldestFirstWithTheirEventAndTraceIds() {
        String customer = "cus_changes_log";
        project(first(customer));
        project(drop(customer));
        projection.on(modelChange(customer, "model_change"), "evt-no-trace", null);
        project(new HealthScoreCalculated(customer, WS, 4, 68, "neutral", 68, "neutral", 2,
                modelChange(customer, "daily").dimensions(), T3.plusSeconds(3600), "daily"));
        project(new HealthScoreCalculated(customer, WS, 5, 67, "neutral", 68, "neutral", 2,
                modelChange(customer, "daily").dimensions(), T3.plusSeconds(7200), "daily"));

        List<HealthChangeLog.Entry> all = queries.handle(new FindHealthChangeLog(WS, customer, 0, 50)).rows();
        assertThat(all).extracting(HealthChangeLog.Entry::calculation).containsExactly(1L, 2L, 3L, 5L);
        assertThat(all.get(1)).isEqualTo(new HealthChangeLog.Entry("evt-" + customer + "-2", 2, T2, 64, 84,
                "neutral", "healthy", "trace-2"));
        assertThat(all.get(0).previousScore()).isNull();
        assertThat(all.get(0).previousStatus()).isNull();
        assertThat(all.get(2).traceId()).isNull();
        assertThat(queries.handle(new FindHealthChangeLog(WS, customer, 1, 1)).rows())
                .extracting(HealthChangeLog.Entry::calculation).containsExactly(2L);
        assertThat(queries.handle(new FindHealthChangeLog(WS, customer, 3, 50)).rows())
                .extracting(HealthChangeLog.Entry::calculation).containsExactly(5L);
        assertThat(queries.handle(new FindHealthChangeLog(WS, customer, 5, 50)).rows()).isEmpty();
        assertThat(queries.handle(new FindHealthChangeLog("wsp_other", customer, 0, 50)).rows()).isEmpty();
    }
}

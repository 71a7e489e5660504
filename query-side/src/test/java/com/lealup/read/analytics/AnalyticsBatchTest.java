package com.lealup.read.analytics;

import static com.lealup.read.ReadModelDatabase.assertBatchesOfAnySizeGiveTheRows;
import static com.lealup.read.ReadModelDatabase.assertBatchesRedeliveredOverRowsGiveTheRows;
import static com.lealup.read.ReadModelDatabase.rows;
import static com.lealup.read.analytics.AnalyticsEvents.arr;
import static com.lealup.read.analytics.AnalyticsEvents.at;
import static com.lealup.read.analytics.AnalyticsEvents.created;
import static com.lealup.read.analytics.AnalyticsEvents.health;
import static com.lealup.read.analytics.AnalyticsEvents.status;
import static com.lealup.read.analytics.AnalyticsEvents.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.projections.ProcessorBatch;
import com.lealup.read.ReadModelDatabase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analytics projections' writes held per processor batch and sent as it commits ({@link AnalyticsBatch}):
 * whatever the batches, the rows of event by event. The events reach a projection through Axon's handler adapter, in
 * batching units of work that carry them, as a tracking processor hands them over.
 */
class AnalyticsBatchTest {

    private static final String WS = "wsp_analytics_batch_test";

    enum Projection {
        PORTFOLIO(PortfolioProjection::new, "analytics_portfolio_customer", "analytics_portfolio_interval",
                "analytics_portfolio_change", "analytics_portfolio_month"),
        RENEWALS(RenewalsProjection::new, "analytics_renewal", "analytics_renewal_day"),
        COHORTS(CohortsProjection::new, "analytics_cohort_customer", "analytics_cohort_change",
                "analytics_cohort_month");

        private final Function<JdbcTemplate, Object> create;
        private final List<String> tables;

        Projection(Function<JdbcTemplate, Object> create, String... tables) {
            this.create = create;
            this.tables = List.of(tables);
        }
    }

    private final JdbcTemplate jdbc = new JdbcTemplate(ReadModelDatabase.dataSource());
    private AnnotationEventHandlerAdapter projection;
    private List<String> tables;
    private final TransactionTemplate transactions = new TransactionTemplate(
            new DataSourceTransactionManager(ReadModelDatabase.dataSource()));
    private final List<EventMessage<?>> history = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();

    @BeforeEach
    void history() {
        // cus_pa: scored and churned at the very instant of its creation (the interval it opened is replaced twice),
        // then a score whose clock is behind its state's (it takes effect from the state's time), deleted, scored
        // while deleted (counting nowhere), restored, renamed (no change of its figures)
        customer("cus_pa", created(WS, "cus_pa", "active", "1000.10", "2026-12-01", "commit", "2026-01-10"));
        score(health(WS, "cus_pa", 1, 30, "at_risk", "2026-01-10"));
        customer("cus_pa", status(WS, "cus_pa", "churned", "2026-01-10"));
        customer("cus_pa", arr(WS, "cus_pa", "2000", "2026-01-20"));
        // cus_pb interleaves with cus_pa; its activation replaces the interval of its creation, at the same instant
        customer("cus_pb", created(WS, "cus_pb", "trial", "500", "2026-11-15", "pipeline", "2026-01-15"));
        score(health(WS, "cus_pa", 2, 80, "healthy", "2026-01-19"));
        customer("cus_pb", status(WS, "cus_pb", "active", "2026-01-15"));
        customer("cus_pa", new CustomerDeleted("cus_pa", WS, at("2026-02-01"), at("2026-03-03")));
        score(health(WS, "cus_pa", 3, 10, "at_risk", "2026-02-02"));
        customer("cus_pb", arr(WS, "cus_pb", "700.55", "2026-02-10"));
        // cus_pb's renewal moves to another date and category, then back to its category
        customer("cus_pb", update(WS, "cus_pb", new CustomerFields(null, null, null, null, null, null, null,
                LocalDate.parse("2027-01-15"), "best_case", null), "2026-02-10"));
        customer("cus_pb", update(WS, "cus_pb", new CustomerFields(null, null, null, null, null, null, null, null,
                "pipeline", null), "2026-02-10"));
        customer("cus_pa", new CustomerRestored("cus_pa", WS, at("2026-02-03")));
        customer("cus_pa", update(WS, "cus_pa", new CustomerFields("A Renamed", null, null, null, null, null, null,
                null, null, null), "2026-02-04"));
        // a late score of cus_pa from before the restore: stale, nothing changes
        score(health(WS, "cus_pa", 2, 99, "healthy", "2026-02-05"));
        // cus_pb: deleted, then purged (its name goes, its past stays)
        customer("cus_pb", new CustomerDeleted("cus_pb", WS, at("2026-02-11"), at("2026-03-13")));
        customer("cus_pb", new CustomerPurged("cus_pb", WS, at("2026-03-13")));
        // cus_pc: scored before it exists (nothing), created, scored on another month, erased
        score(health(WS, "cus_pc", 1, 50, "neutral", "2026-02-27"));
        customer("cus_pc", created(WS, "cus_pc", "paused", "300", "2026-03-31", "commit",
                "2026-02-28T23:59:59.999999Z"));
        customer("cus_pc", status(WS, "cus_pc", "active", "2026-03-01T00:00:00.000001Z"));
        score(health(WS, "cus_pc", 2, 60, "neutral", "2026-03-01T00:00:00.000001Z"));
        customer("cus_pc", new CustomerErased("cus_pc", WS, CustomerErased.ON_REQUEST, at("2026-03-02")));
    }

    @Test
    void theHistoryOfThePortfolio() {
        use(Projection.PORTFOLIO);
        history.forEach(this::handle);
        assertThat(jdbc.queryForList("SELECT customer_id, name FROM analytics_portfolio_customer "
                        + "WHERE workspace_id = ? ORDER BY 1", WS))
                .extracting(r -> r.get("customer_id") + " " + r.get("name"))
                .containsExactly("cus_pa A Renamed", "cus_pb null", "cus_pc null");
        assertThat(jdbc.queryForList("SELECT valid_from FROM analytics_portfolio_interval WHERE customer_id = ?",
                "cus_pa"))
                .as("cus_pa: created, scored and churned at one instant; changed 01-20 twice; deleted; scored while "
                        + "deleted; restored").hasSize(5);
    }

    @ParameterizedTest
    @EnumSource(Projection.class)
    void batchesOfAnySizeGiveTheRowsOfEventByEvent(Projection tested) {
        use(tested);
        history.forEach(this::handle);
        List<String> expected = allRows();
        tables.forEach(table -> assertThat(rows(table, "workspace_id = ?", WS)).as(table).isNotEmpty());
        assertBatchesOfAnySizeGiveTheRows(expected, this::allRows, this::clear, history.size(), this::inBatchesOf);
    }

    @ParameterizedTest
    @EnumSource(Projection.class)
    void aBatchRedeliveredOverRowsPastSomeOfItsEventsAppliesTheRest(Projection tested) {
        use(tested);
        history.forEach(this::handle);
        List<String> expected = allRows();
        assertBatchesRedeliveredOverRowsGiveTheRows(expected, this::allRows, this::clear, history.size(),
                this::inBatchesOf, new int[] {4, 0}, new int[] {9, 2}, new int[] {15, 5});
    }

    @ParameterizedTest
    @EnumSource(Projection.class)
    void aBatchWhoseWriteFailsIsRolledBackWholeAndItsRetryWritesEachEventByItsHandler(Projection tested) {
        use(tested);
        history.forEach(this::handle);
        List<String> expected = allRows();
        clear();
        // a creation the table cannot hold (a workspace id too long), between two good events
        EventMessage<?> bad = new GenericDomainEventMessage<>("Customer", "cus_bad", 0,
                created("w".repeat(41), "cus_bad", "active", "1", "2026-01-11"));
        ResultMessage<?> failed = inTransaction(List.of(history.get(0), bad, history.get(1)));
        assertThat(failed.isExceptional()).isTrue();
        assertThat(failed.exceptionResult()).isInstanceOf(ProcessorBatch.WriteFailed.class);
        assertThat(allRows()).isEmpty();
        // the retry, as the processor makes it: the queue is off, each event is written by its own handler (where
        // a failure is isolated and dead-lettered), and the rows are the same
        inBatchesOf(history.size(), 0, history.size());
        assertThat(allRows()).isEqualTo(expected);
    }

    private void use(Projection tested) {
        projection = new AnnotationEventHandlerAdapter(tested.create.apply(jdbc));
        tables = tested.tables;
        clear();
    }

    private void customer(String id, Object event) {
        long sequence = sequences.merge(id, 1L, Long::sum) - 1;
        history.add(new GenericDomainEventMessage<>("Customer", id, sequence, event));
    }

    private void score(Object event) {
        history.add(GenericEventMessage.asEventMessage(event));
    }

    /** The events in batches as a tracking processor runs them: one batching unit of work each, committed. */
    private void inBatchesOf(int size, int from, int to) {
        for (int first = from; first < to; first += size) {
            ResultMessage<?> result = inTransaction(history.subList(first, Math.min(to, first + size)));
            assertThat(result.isExceptional()).as("batch from %d", first).isFalse();
        }
    }

    /** One batch in its transaction, rolled back if it fails. */
    private ResultMessage<?> inTransaction(List<EventMessage<?>> events) {
        return transactions.execute(transaction -> {
            BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
            ResultMessage<?> result = batch.executeWithResult(() -> projection.handle(batch.getMessage()));
            if (result.isExceptional()) {
                transaction.setRollbackOnly();
            }
            return result;
        });
    }

    /** One event outside any batch, as a dead letter's retry. */
    private void handle(EventMessage<?> event) {
        try {
            projection.handle(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void clear() {
        tables.forEach(table -> jdbc.update("DELETE FROM " + table + " WHERE workspace_id = ?", WS));
    }

    private List<String> allRows() {
        List<String> rows = new ArrayList<>();
        tables.forEach(table -> rows.addAll(rows(table, "workspace_id = ?", WS)));
        return rows;
    }
}

package com.lealup.read.analytics;

import com.lealup.api.analytics.FindPortfolio;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.projections.Lingers;
import com.lealup.api.projections.ReadModelTables;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The portfolio of any date without a replay: each customer's current state ({@code analytics_portfolio_customer}),
 * its dated states ({@code analytics_portfolio_interval}, for the top risks) and the daily change of the counts and
 * ARR per status and health status ({@code analytics_portfolio_change}, summed up to the date asked), and their sum per
 * month ({@code analytics_portfolio_month}, so that a date reads the months before its own and its month's days). The
 * current state carries the customer's version and health calculation: a redelivered event changes nothing. What a
 * processor batch changes is written as it commits, in a few statements ({@link PortfolioBatch}).
 */
@Component
@ProcessingGroup(FindPortfolio.PROCESSING_GROUP)
@Lingers
@ReadModelTables({"analytics_portfolio_customer", "analytics_portfolio_interval", "analytics_portfolio_change",
        "analytics_portfolio_month"})
class PortfolioProjection {


    private final JdbcTemplate jdbc;
    private final AnalyticsBatch<PortfolioBatch> batch;

    PortfolioProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.batch = new AnalyticsBatch<>(FindPortfolio.PROCESSING_GROUP, customers -> new PortfolioBatch(jdbc, customers));
    }

    /** What the figures see of a customer from {@code from} on; a deleted customer counts nowhere. */
    record State(String status, BigDecimal arr, String healthStatus, Integer healthScore, boolean deleted,
                 Instant from) {

        boolean sameFigures(State other) {
            return status.equals(other.status) && arr.compareTo(other.arr) == 0
                    && Objects.equals(healthStatus, other.healthStatus)
                    && Objects.equals(healthScore, other.healthScore) && deleted == other.deleted;
        }

        State at(Instant at) {
            return new State(status, arr, healthStatus, healthScore, deleted, at);
        }
    }

    /** A customer's row: its state, and the version and health calculation that guard it against redeliveries. */
    record Head(String customerId, String workspaceId, String name, long version, long healthCalculation,
                boolean purged, State state) {

        Head in(State other) {
            return new Head(customerId, workspaceId, name, version, healthCalculation, purged, other);
        }
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long sequence) {
        CustomerFields f = event.fields();
        Head created = new Head(event.customerId(), event.workspaceId(), f.name(), sequence + 1, 0, false,
                new State(f.status(), f.arr(), null, null, false, event.createdAt()));
        batch.apply(portfolio -> {
            if (portfolio.head(event.customerId()).isEmpty()) {
                portfolio.create(created);
            }
        });
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        CustomerFields c = event.changes();
        batch.apply(portfolio -> portfolio.head(event.customerId()).filter(h -> !h.purged() && h.version() <= sequence)
                .ifPresent(h -> {
                    State s = h.state();
                    portfolio.set(new Head(h.customerId(), h.workspaceId(), c.name() == null ? h.name() : c.name(),
                            sequence + 1, h.healthCalculation(), h.purged(), new State(
                            c.status() == null ? s.status() : c.status(), c.arr() == null ? s.arr() : c.arr(),
                            s.healthStatus(), s.healthScore(), s.deleted(), event.updatedAt())));
                }));
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), sequence, true, event.deletedAt(), false);
    }

    @EventHandler
    void on(CustomerRestored event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), sequence, false, event.restoredAt(), false);
    }

    /** A purge ends a deleted customer: its figures stay in the past, its name goes. */
    @EventHandler
    void on(CustomerPurged event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), sequence, true, event.purgedAt(), true);
    }

    @EventHandler
    void on(CustomerErased event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), sequence, true, event.erasedAt(), true);
    }

    @EventHandler
    void on(HealthScoreCalculated event) {
        batch.apply(portfolio -> portfolio.head(event.customerId())
                .filter(h -> !h.purged() && h.healthCalculation() < event.calculation()).ifPresent(h -> {
                    State s = h.state();
                    portfolio.set(new Head(h.customerId(), h.workspaceId(), h.name(), h.version(),
                            event.calculation(), h.purged(), new State(s.status(), s.arr(), event.status(),
                            event.score(), s.deleted(), event.calculatedAt())));
                }));
    }

    @ResetHandler
    void reset() {
        jdbc.update("""
                TRUNCATE analytics_portfolio_customer, analytics_portfolio_interval, analytics_portfolio_change,
                    analytics_portfolio_month""");
    }

    private void setDeleted(String customerId, long sequence, boolean deleted, Instant at, boolean purge) {
        batch.apply(portfolio -> portfolio.head(customerId).filter(h -> !h.purged() && h.version() <= sequence)
                .ifPresent(h -> {
                    State s = h.state();
                    portfolio.set(new Head(customerId, h.workspaceId(), purge ? null : h.name(), sequence + 1,
                            h.healthCalculation(), purge, new State(s.status(), s.arr(), s.healthStatus(),
                            s.healthScore(), deleted, at)));
                }));
    }
}

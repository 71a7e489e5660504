package com.lealup.read.analytics;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.projections.ReadModelTables;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The renewal pipeline: each customer's renewal as it stands ({@code analytics_renewal}, guarded by the customer's
 * version) and the renewals counted per date and forecast category ({@code analytics_renewal_day}), which the
 * pipeline sums by month.
 */
@Component
@ProcessingGroup(RenewalsProjection.PROCESSING_GROUP)
@ReadModelTables({"analytics_renewal", "analytics_renewal_day"})
class RenewalsProjection {

    static final String PROCESSING_GROUP = "analytics-renewals";

    private final JdbcClient jdbc;

    RenewalsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Renewal(String status, BigDecimal arr, LocalDate date, String forecastCategory, boolean deleted) {

        boolean counted() {
            return date != null && !deleted && !"churned".equals(status);
        }
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long sequence) {
        CustomerFields f = event.fields();
        Renewal renewal = new Renewal(f.status(), f.arr(), f.renewalDate(), f.forecastCategory(), false);
        int inserted = jdbc.sql("""
                        INSERT INTO analytics_renewal (customer_id, workspace_id, version, status, arr, renewal_date,
                            forecast_category, deleted)
                        VALUES (?, ?, ?, ?, ?, ?, ?, FALSE) ON CONFLICT (customer_id) DO NOTHING""")
                .params(event.customerId(), event.workspaceId(), sequence + 1, f.status(), f.arr(), f.renewalDate(),
                        f.forecastCategory())
                .update();
        if (inserted == 1) {
            count(event.workspaceId(), renewal, 1);
        }
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        CustomerFields c = event.changes();
        boolean clearDate = event.cleared().contains(CustomerFields.RENEWAL_DATE);
        change(event.customerId(), event.workspaceId(), sequence, r -> new Renewal(
                c.status() == null ? r.status() : c.status(), c.arr() == null ? r.arr() : c.arr(),
                clearDate ? null : c.renewalDate() == null ? r.date() : c.renewalDate(),
                c.forecastCategory() == null ? r.forecastCategory() : c.forecastCategory(), r.deleted()));
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long sequence) {
        change(event.customerId(), event.workspaceId(), sequence, r -> deleted(r, true));
    }

    @EventHandler
    void on(CustomerRestored event, @SequenceNumber long sequence) {
        change(event.customerId(), event.workspaceId(), sequence, r -> deleted(r, false));
    }

    /** A purged customer was deleted already: it stays out (its row stays, the guard of redeliveries). */
    @EventHandler
    void on(CustomerPurged event, @SequenceNumber long sequence) {
        change(event.customerId(), event.workspaceId(), sequence, r -> deleted(r, true));
    }

    @EventHandler
    void on(CustomerErased event, @SequenceNumber long sequence) {
        change(event.customerId(), event.workspaceId(), sequence, r -> deleted(r, true));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE analytics_renewal, analytics_renewal_day").update();
    }

    private static Renewal deleted(Renewal r, boolean deleted) {
        return new Renewal(r.status(), r.arr(), r.date(), r.forecastCategory(), deleted);
    }

    private void change(String customerId, String workspaceId, long sequence, UnaryOperator<Renewal> change) {
        Optional<Renewal> found = jdbc.sql("""
                        SELECT status, arr, renewal_date, forecast_category, deleted FROM analytics_renewal
                        WHERE customer_id = ? AND version <= ?""")
                .params(customerId, sequence)
                .query((rs, i) -> new Renewal(rs.getString("status"), rs.getBigDecimal("arr"),
                        rs.getObject("renewal_date", LocalDate.class), rs.getString("forecast_category"),
                        rs.getBoolean("deleted")))
                .optional();
        if (found.isEmpty()) {
            return;
        }
        Renewal before = found.get();
        Renewal after = change.apply(before);
        jdbc.sql("""
                        UPDATE analytics_renewal SET version = ?, status = ?, arr = ?, renewal_date = ?,
                            forecast_category = ?, deleted = ?
                        WHERE customer_id = ?""")
                .params(sequence + 1, after.status(), after.arr(), after.date(), after.forecastCategory(),
                        after.deleted(), customerId)
                .update();
        if (!before.equals(after)) {
            count(workspaceId, before, -1);
            count(workspaceId, after, 1);
        }
    }

    private void count(String workspaceId, Renewal renewal, int sign) {
        if (!renewal.counted()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO analytics_renewal_day (workspace_id, renewal_date, forecast_category, customers, arr)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (workspace_id, renewal_date, forecast_category) DO UPDATE SET
                            customers = analytics_renewal_day.customers + EXCLUDED.customers,
                            arr = analytics_renewal_day.arr + EXCLUDED.arr""")
                .params(workspaceId, renewal.date(), renewal.forecastCategory(), sign,
                        sign < 0 ? renewal.arr().negate() : renewal.arr())
                .update();
    }
}

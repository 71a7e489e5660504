package com.lealup.read.analytics;

import com.lealup.api.analytics.FindRenewals;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.projections.Lingers;
import com.lealup.api.projections.ReadModelTables;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The renewal pipeline: each customer's renewal as it stands ({@code analytics_renewal}, guarded by the customer's
 * version) and the renewals counted per date and forecast category ({@code analytics_renewal_day}), which the
 * pipeline sums by month. What a processor batch changes is written as it commits ({@link AnalyticsBatch}).
 */
@Component
@ProcessingGroup(FindRenewals.PROCESSING_GROUP)
@Lingers
@ReadModelTables({"analytics_renewal", "analytics_renewal_day"})
class RenewalsProjection {


    private static final CustomerRows.Table<Renewal> RENEWALS = new CustomerRows.Table<>("""
            SELECT customer_id, workspace_id, version, status, arr, renewal_date, forecast_category, deleted
            FROM analytics_renewal WHERE customer_id = ANY (?::text[])""",
            (rs, i) -> new Renewal(rs.getString("customer_id"), rs.getString("workspace_id"), rs.getLong("version"),
                    rs.getString("status"), rs.getBigDecimal("arr"), rs.getObject("renewal_date", LocalDate.class),
                    rs.getString("forecast_category"), rs.getBoolean("deleted")),
            Renewal::customerId, """
            INSERT INTO analytics_renewal (customer_id, workspace_id, version, status, arr, renewal_date,
                forecast_category, deleted)
            SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::numeric[], ?::date[], ?::text[],
                ?::boolean[])
            ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status,
                arr = EXCLUDED.arr, renewal_date = EXCLUDED.renewal_date,
                forecast_category = EXCLUDED.forecast_category, deleted = EXCLUDED.deleted""",
            List.of(Renewal::customerId, Renewal::workspaceId, Renewal::version, Renewal::status, Renewal::arr,
                    Renewal::date, Renewal::forecastCategory, Renewal::deleted));
    private static final Sums.Table<Day, Count> PIPELINE = new Sums.Table<>(Comparator.comparing(Day::workspaceId)
            .thenComparing(Day::date).thenComparing(Day::forecastCategory), Count::plus, """
            INSERT INTO analytics_renewal_day AS d (workspace_id, renewal_date, forecast_category, customers, arr)
            SELECT * FROM unnest(?::text[], ?::date[], ?::text[], ?::integer[], ?::numeric[])
            ON CONFLICT (workspace_id, renewal_date, forecast_category) DO UPDATE SET
                customers = d.customers + EXCLUDED.customers, arr = d.arr + EXCLUDED.arr""",
            List.of(d -> d.getKey().workspaceId(), d -> d.getKey().date(), d -> d.getKey().forecastCategory(),
                    d -> d.getValue().customers(), d -> d.getValue().arr()));

    private final JdbcTemplate jdbc;
    private final AnalyticsBatch<CustomerChanges<Renewal, Day, Count>> batch;

    RenewalsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.batch = new AnalyticsBatch<>(FindRenewals.PROCESSING_GROUP, customers -> new CustomerChanges<>(
                new CustomerRows<>(jdbc, RENEWALS, customers), new Sums<>(jdbc, PIPELINE)));
    }

    private record Renewal(String customerId, String workspaceId, long version, String status, BigDecimal arr,
                           LocalDate date, String forecastCategory, boolean deleted) {

        boolean counted() {
            return date != null && !deleted && !"churned".equals(status);
        }

        Renewal with(long sequence, String status, BigDecimal arr, LocalDate date, String forecastCategory,
                     boolean deleted) {
            return new Renewal(customerId, workspaceId, sequence + 1, status, arr, date, forecastCategory, deleted);
        }

        Renewal withDeleted(long sequence, boolean deleted) {
            return with(sequence, status, arr, date, forecastCategory, deleted);
        }

        boolean sameRenewal(Renewal other) {
            return status.equals(other.status) && arr.compareTo(other.arr) == 0 && Objects.equals(date, other.date)
                    && forecastCategory.equals(other.forecastCategory) && deleted == other.deleted;
        }
    }

    private record Day(String workspaceId, LocalDate date, String forecastCategory) {
    }

    private record Count(int customers, BigDecimal arr) {

        Count plus(Count other) {
            return new Count(customers + other.customers, arr.add(other.arr));
        }
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long sequence) {
        CustomerFields f = event.fields();
        Renewal created = new Renewal(event.customerId(), event.workspaceId(), sequence + 1, f.status(), f.arr(),
                f.renewalDate(), f.forecastCategory(), false);
        batch.apply(renewals -> {
            if (renewals.customers().get(event.customerId()).isEmpty()) {
                renewals.customers().put(created);
                count(renewals, created, 1);
            }
        });
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        CustomerFields c = event.changes();
        boolean clearDate = event.cleared().contains(CustomerFields.RENEWAL_DATE);
        change(event.customerId(), sequence, r -> r.with(sequence,
                c.status() == null ? r.status() : c.status(), c.arr() == null ? r.arr() : c.arr(),
                clearDate ? null : c.renewalDate() == null ? r.date() : c.renewalDate(),
                c.forecastCategory() == null ? r.forecastCategory() : c.forecastCategory(), r.deleted()));
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long sequence) {
        change(event.customerId(), sequence, r -> r.withDeleted(sequence, true));
    }

    @EventHandler
    void on(CustomerRestored event, @SequenceNumber long sequence) {
        change(event.customerId(), sequence, r -> r.withDeleted(sequence, false));
    }

    /** A purged customer was deleted already: it stays out (its row stays, the guard of redeliveries). */
    @EventHandler
    void on(CustomerPurged event, @SequenceNumber long sequence) {
        change(event.customerId(), sequence, r -> r.withDeleted(sequence, true));
    }

    @EventHandler
    void on(CustomerErased event, @SequenceNumber long sequence) {
        change(event.customerId(), sequence, r -> r.withDeleted(sequence, true));
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE analytics_renewal, analytics_renewal_day");
    }

    private void change(String customerId, long sequence, UnaryOperator<Renewal> change) {
        batch.apply(renewals -> renewals.customers().get(customerId).filter(r -> r.version() <= sequence)
                .ifPresent(before -> {
                    Renewal after = change.apply(before);
                    renewals.customers().put(after);
                    if (!before.sameRenewal(after)) {
                        count(renewals, before, -1);
                        count(renewals, after, 1);
                    }
                }));
    }

    private static void count(CustomerChanges<Renewal, Day, Count> renewals, Renewal renewal, int sign) {
        if (renewal.counted()) {
            renewals.sums().add(new Day(renewal.workspaceId(), renewal.date(), renewal.forecastCategory()),
                    new Count(sign, sign < 0 ? renewal.arr().negate() : renewal.arr()));
        }
    }
}

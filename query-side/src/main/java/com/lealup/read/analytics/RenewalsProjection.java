package com.lealup.read.analytics;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import java.sql.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The renewal pipeline: each customer's renewal date, forecast category, ARR and status as they stand
 * ({@code analytics_renewal}), guarded by the customer's version.
 */
@Component
@ProcessingGroup(RenewalsProjection.PROCESSING_GROUP)
class RenewalsProjection {

    static final String PROCESSING_GROUP = "analytics-renewals";

    private final JdbcClient jdbc;

    RenewalsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerCreated event, @SequenceNumber long sequence) {
        CustomerFields f = event.fields();
        jdbc.sql("""
                        INSERT INTO analytics_renewal (customer_id, workspace_id, version, status, arr, renewal_date,
                            forecast_category, deleted)
                        VALUES (?, ?, ?, ?, ?, ?, ?, FALSE) ON CONFLICT (customer_id) DO NOTHING""")
                .params(event.customerId(), event.workspaceId(), sequence + 1, f.status(), f.arr(),
                        f.renewalDate() == null ? null : Date.valueOf(f.renewalDate()), f.forecastCategory())
                .update();
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long sequence) {
        CustomerFields c = event.changes();
        jdbc.sql("""
                        UPDATE analytics_renewal SET status = COALESCE(:status, status), arr = COALESCE(:arr, arr),
                            renewal_date = CASE WHEN :clearRenewal THEN NULL ELSE COALESCE(:renewal, renewal_date) END,
                            forecast_category = COALESCE(:forecast, forecast_category), version = :version
                        WHERE customer_id = :id AND version < :version""")
                .param("id", event.customerId())
                .param("status", c.status())
                .param("arr", c.arr())
                .param("clearRenewal", event.cleared().contains(CustomerFields.RENEWAL_DATE))
                .param("renewal", c.renewalDate() == null ? null : Date.valueOf(c.renewalDate()))
                .param("forecast", c.forecastCategory())
                .param("version", sequence + 1)
                .update();
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), sequence, true);
    }

    @EventHandler
    void on(CustomerRestored event, @SequenceNumber long sequence) {
        setDeleted(event.customerId(), sequence, false);
    }

    @EventHandler
    void on(CustomerPurged event) {
        jdbc.sql("DELETE FROM analytics_renewal WHERE customer_id = ?").params(event.customerId()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE analytics_renewal").update();
    }

    private void setDeleted(String customerId, long sequence, boolean deleted) {
        jdbc.sql("UPDATE analytics_renewal SET deleted = ?, version = ? WHERE customer_id = ? AND version < ?")
                .params(deleted, sequence + 1, customerId, sequence + 1)
                .update();
    }
}

package com.lealup.read.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.usage.UsageEvent;
import com.lealup.api.usage.UsageEventsRecorded;
import java.sql.Timestamp;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ingested events read model ({@code usage_event_view}, for {@code GET /v1/events}): one multi-row insert
 * per recorded batch of a customer. Rows are keyed by our event id, so a redelivery inserts nothing.
 */
@Component
@ProcessingGroup("usage-events")
class UsageEventProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    UsageEventProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(UsageEventsRecorded event) {
        List<UsageEvent> events = event.events();
        int n = events.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] times = new String[n]; // ISO instants: the driver sends String[] as text[]
        String[] clientIds = new String[n];
        String[] emails = new String[n];
        String[] properties = new String[n];
        for (int i = 0; i < n; i++) {
            UsageEvent e = events.get(i);
            ids[i] = e.id();
            types[i] = e.type();
            times[i] = e.timestamp().toString();
            clientIds[i] = e.clientEventId();
            emails[i] = e.contactEmail();
            properties[i] = toJson(e);
        }
        jdbc.sql("""
                        INSERT INTO usage_event_view (id, workspace_id, customer_id, type, occurred_at, client_event_id,
                            contact_email, properties, received_at)
                        SELECT e.id, ?, ?, e.type, e.at, e.client_id, e.email, CAST(e.props AS jsonb), ?
                        FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(CAST(? AS text[]) AS timestamptz[]), CAST(? AS text[]),
                                    CAST(? AS text[]), CAST(? AS text[])) AS e(id, type, at, client_id, email, props)
                        ON CONFLICT (id) DO NOTHING""")
                .params(event.workspaceId(), event.customerId(), Timestamp.from(event.recordedAt()), ids, types, times,
                        clientIds, emails, properties)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE usage_event_view").update();
    }

    private String toJson(UsageEvent event) {
        try {
            return json.writeValueAsString(event.properties() == null ? java.util.Map.of() : event.properties());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package com.lealup.read.webhook;

import com.lealup.api.projections.ReadModelTables;
import com.lealup.api.webhook.FindWebhookSubscriptionVersion;
import com.lealup.api.webhook.WebhookReplayRequested;
import com.lealup.api.webhook.WebhookSecretRotated;
import com.lealup.api.webhook.WebhookSubscriptionCreated;
import com.lealup.api.webhook.WebhookSubscriptionDeleted;
import com.lealup.api.webhook.WebhookSubscriptionDisabled;
import com.lealup.api.webhook.WebhookSubscriptionEnabled;
import com.lealup.api.webhook.WebhookSubscriptionUpdated;
import com.lealup.api.webhook.WebhookSubscriptionView;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The webhook subscriptions read model ({@code webhook_subscription_view}); {@link WebhookQueries} answers its
 * queries. Each row carries its aggregate's version, so a redelivered event changes nothing.
 */
@Component
@ProcessingGroup("webhook-subscriptions")
@ReadModelTables({"webhook_subscription_view"})
class WebhookSubscriptionProjection {

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter emitter;

    WebhookSubscriptionProjection(JdbcClient jdbc, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.emitter = emitter;
    }

    @EventHandler
    void on(WebhookSubscriptionCreated event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        INSERT INTO webhook_subscription_view (id, workspace_id, url, events, description, status,
                            created_at, updated_at, deleted, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?) ON CONFLICT (id) DO NOTHING""")
                .params(event.subscriptionId(), event.workspaceId(), event.url(), String.join(",", event.events()),
                        event.description(), WebhookSubscriptionView.ENABLED, Timestamp.from(event.createdAt()),
                        Timestamp.from(event.createdAt()), sequence + 1)
                .update();
        announce(event.subscriptionId(), sequence);
    }

    @EventHandler
    void on(WebhookSubscriptionUpdated event, @SequenceNumber long sequence) {
        update(event.subscriptionId(), sequence, "url = ?, events = ?, description = ?, updated_at = ?", event.url(),
                String.join(",", event.events()), event.description(), Timestamp.from(event.updatedAt()));
    }

    @EventHandler
    void on(WebhookSecretRotated event, @SequenceNumber long sequence) {
        update(event.subscriptionId(), sequence, "secret_rotated_at = ?, updated_at = ?",
                Timestamp.from(event.rotatedAt()), Timestamp.from(event.rotatedAt()));
    }

    @EventHandler
    void on(WebhookSubscriptionDisabled event, @SequenceNumber long sequence) {
        update(event.subscriptionId(), sequence, "status = ?, disabled_reason = ?, disabled_at = ?, updated_at = ?",
                WebhookSubscriptionView.DISABLED, event.reason(), Timestamp.from(event.disabledAt()),
                Timestamp.from(event.disabledAt()));
    }

    @EventHandler
    void on(WebhookSubscriptionEnabled event, @SequenceNumber long sequence) {
        update(event.subscriptionId(), sequence, "status = ?, disabled_reason = NULL, disabled_at = NULL, updated_at = ?",
                WebhookSubscriptionView.ENABLED, Timestamp.from(event.enabledAt()));
    }

    /**
     * A replay shows no field of the subscription, but it is a version of its aggregate: without it the row would lag
     * one version behind for good, so its ETag would not be the aggregate's and a write awaiting the aggregate's
     * version (enabling an enabled subscription) would wait in vain, then answer 202. Its time is the subscription's
     * {@code updated_at}, as every version's.
     */
    @EventHandler
    void on(WebhookReplayRequested event, @SequenceNumber long sequence) {
        update(event.subscriptionId(), sequence, "updated_at = ?", Timestamp.from(event.requestedAt()));
    }

    @EventHandler
    void on(WebhookSubscriptionDeleted event, @SequenceNumber long sequence) {
        update(event.subscriptionId(), sequence, "deleted = TRUE, updated_at = ?", Timestamp.from(event.deletedAt()));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE webhook_subscription_view").update();
    }

    /**
     * Sets {@code assignments} (none: only the version) and the version on the row, unless it already shows this
     * event or a later one.
     */
    private void update(String id, long sequence, String assignments, Object... values) {
        Object[] params = new Object[values.length + 3];
        System.arraycopy(values, 0, params, 0, values.length);
        params[values.length] = sequence + 1;
        params[values.length + 1] = id;
        params[values.length + 2] = sequence + 1;
        String set = assignments.isEmpty() ? "version = ?" : assignments + ", version = ?";
        jdbc.sql("UPDATE webhook_subscription_view SET " + set + " WHERE id = ? AND version < ?")
                .params(params)
                .update();
        announce(id, sequence);
    }

    private void announce(String id, long sequence) {
        emitter.emit(FindWebhookSubscriptionVersion.class, q -> q.subscriptionId().equals(id), sequence + 1);
    }
}

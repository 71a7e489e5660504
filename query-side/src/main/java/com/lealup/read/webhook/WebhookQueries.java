package com.lealup.read.webhook;

import com.lealup.api.webhook.FindWebhookSubscription;
import com.lealup.api.webhook.FindWebhookSubscriptionVersion;
import com.lealup.api.webhook.ListWebhookDeliveries;
import com.lealup.api.webhook.ListWebhookSubscriptions;
import com.lealup.api.webhook.WebhookDeliveryList;
import com.lealup.api.webhook.WebhookDeliveryView;
import com.lealup.api.webhook.WebhookSubscriptionList;
import com.lealup.api.webhook.WebhookSubscriptionView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The queries of the webhooks feature: subscriptions from their read model ({@link WebhookSubscriptionProjection}),
 * and deliveries from {@code webhook_delivery}, which the delivery policy writes as it attempts them. Like the usage
 * log, that table is a record written once per attempt and never derived from events, so there is nothing to
 * project: an event per attempt would double the event store's writes under load (docs/webhooks.md).
 */
@Component
class WebhookQueries {

    private final JdbcClient jdbc;

    WebhookQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<WebhookSubscriptionView> handle(FindWebhookSubscription query) {
        return jdbc.sql("SELECT * FROM webhook_subscription_view WHERE id = ? AND workspace_id = ? AND NOT deleted")
                .params(query.subscriptionId(), query.workspaceId())
                .query(WebhookQueries::subscription).optional();
    }

    @QueryHandler
    Long handle(FindWebhookSubscriptionVersion query) {
        return jdbc.sql("SELECT version FROM webhook_subscription_view WHERE id = ?").param(query.subscriptionId())
                .query(Long.class).optional().orElse(0L);
    }

    /** Oldest first: ids are time-ordered. */
    @QueryHandler
    WebhookSubscriptionList handle(ListWebhookSubscriptions query) {
        return new WebhookSubscriptionList(jdbc.sql("""
                        SELECT * FROM webhook_subscription_view WHERE workspace_id = ? AND NOT deleted AND id > ?
                        ORDER BY id LIMIT ?""")
                .params(query.workspaceId(), query.afterId() == null ? "" : query.afterId(), query.limit() + 1)
                .query(WebhookQueries::subscription).list());
    }

    /** Newest first. The subscription's own workspace is checked by the caller (FindWebhookSubscription). */
    @QueryHandler
    WebhookDeliveryList handle(ListWebhookDeliveries query) {
        return new WebhookDeliveryList(jdbc.sql("""
                        SELECT * FROM webhook_delivery WHERE subscription_id = ? AND workspace_id = ? AND position < ?
                        ORDER BY position DESC LIMIT ?""")
                .params(query.subscriptionId(), query.workspaceId(),
                        query.before() == null ? Long.MAX_VALUE : query.before(), query.limit() + 1)
                .query(WebhookQueries::delivery).list());
    }

    private static WebhookSubscriptionView subscription(ResultSet rs, int row) throws SQLException {
        return new WebhookSubscriptionView(rs.getString("id"), rs.getString("workspace_id"), rs.getString("url"),
                Arrays.asList(rs.getString("events").split(",")), rs.getString("description"), rs.getString("status"),
                rs.getString("disabled_reason"), instant(rs, "disabled_at"), instant(rs, "secret_rotated_at"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static WebhookDeliveryView delivery(ResultSet rs, int row) throws SQLException {
        Integer lastStatus = rs.getObject("last_status", Integer.class);
        return new WebhookDeliveryView(rs.getLong("position"), rs.getString("message_id"), rs.getString("event_type"),
                rs.getString("status"), rs.getBoolean("replay"), rs.getInt("attempts"), instant(rs, "created_at"),
                instant(rs, "last_attempt_at"), lastStatus, rs.getString("last_error"),
                instant(rs, "next_attempt_at"), instant(rs, "delivered_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}

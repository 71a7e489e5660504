package com.lealup.automation.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.lealup.api.MetadataKeys;
import com.lealup.api.webhook.WebhookEventTypes;
import com.lealup.api.webhook.WebhookReplayRequested;
import com.lealup.api.webhook.WebhookSubscriptionCreated;
import com.lealup.api.webhook.WebhookSubscriptionDeleted;
import com.lealup.api.webhook.WebhookSubscriptionDisabled;
import com.lealup.api.webhook.WebhookSubscriptionEnabled;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Fans the workspace's events out into each matching subscription's queue ({@link WebhookOutbox}), in the event
 * store's order, in the processor's transaction: a crash redoes the batch, and the message id (the event's) stays
 * the same, so a receiver sees at most a duplicate with the same {@code webhook-id}. Nothing is sent here; the
 * {@link WebhookDispatcher} works the queues. Keeps the subscriptions' routing from their own events, so a
 * subscription receives exactly the events after its creation. Never replayed: a replay would send old events again
 * (a subscription's owner asks for that explicitly, {@code WebhookReplayRequested}).
 */
@Component
@ProcessingGroup("webhook-fanout")
@DisallowReplay
class WebhookFanOutPolicy {

    /** How long a replay waits for the next event of the store before it gives up (and the handler fails). */
    private static final Duration REPLAY_READ_TIMEOUT = Duration.ofSeconds(10);

    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final WebhookOutbox outbox;
    private final EventStore eventStore;
    private final Clock clock;

    WebhookFanOutPolicy(WebhookOutbox outbox, EventStore eventStore, Clock clock) {
        this.outbox = outbox;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    @EventHandler
    void on(WebhookSubscriptionCreated event) {
        outbox.addEndpoint(event.subscriptionId(), event.workspaceId(), event.url(), event.events(), event.createdAt());
    }

    @EventHandler
    void on(WebhookSubscriptionDeleted event) {
        outbox.removeEndpoint(event.subscriptionId());
    }

    @EventHandler
    void on(WebhookSubscriptionDisabled event) {
        outbox.disable(event.subscriptionId());
    }

    @EventHandler
    void on(WebhookSubscriptionEnabled event) {
        outbox.enable(event.subscriptionId(), clock.instant());
    }

    /** Every other event: queued for each enabled subscription of its workspace that asked for its type. */
    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        WebhookCatalogue.Entry entry = WebhookCatalogue.of(payload.getClass());
        String workspaceId = (String) message.getMetaData().get(MetadataKeys.WORKSPACE_ID);
        if (entry == null || workspaceId == null) {
            return;
        }
        List<WebhookOutbox.Route> routes = outbox.routes(workspaceId);
        if (routes.isEmpty()) {
            return;
        }
        String payloadJson = null;
        for (WebhookOutbox.Route route : routes) {
            if (WebhookEventTypes.matches(route.events(), entry.type())) {
                if (payloadJson == null) {
                    payloadJson = payload(entry, message, workspaceId);
                    if (payloadJson == null) {
                        return;
                    }
                }
                outbox.enqueue(route.subscriptionId(), workspaceId, messageId(message), entry.type(), payloadJson,
                        false, message.getTimestamp());
            }
        }
    }

    /**
     * Queues again every event of the subscription's types from {@code since} up to this request's own position, in
     * the event store's order, ahead of whatever comes after the request. It reads the event store in this handler,
     * so a long replay holds the other subscriptions' fan-out for its duration (docs/webhooks.md).
     */
    @EventHandler
    void on(WebhookReplayRequested event, TrackingToken position) {
        WebhookOutbox.Route route = outbox.route(event.subscriptionId());
        OptionalLong end = position.position();
        if (route == null || end.isEmpty()) {
            return;
        }
        TrackingToken start = eventStore.createTokenAt(event.since());
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start)) {
            long at = -1;
            // the stream fills its buffer on another thread: wait for each event until the request's own is read. The
            // request's position bounds the replay (not TrackingToken.covers: a private stream's token never holds the
            // old gaps of this processor's token, so covers refused every event once the store had a gap)
            while (at < end.getAsLong()) {
                if (!stream.hasNextAvailable((int) REPLAY_READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The event store gave no event for " + REPLAY_READ_TIMEOUT
                            + " before the replay's end at " + end.getAsLong());
                }
                TrackedEventMessage<?> message = stream.nextAvailable();
                at = message.trackingToken().position().orElse(Long.MAX_VALUE);
                if (at <= end.getAsLong()) {
                    requeue(event, route, message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replaying webhook events", e);
        }
    }

    /** Queues {@code message} again for the subscription when it is of its workspace and types. */
    private void requeue(WebhookReplayRequested event, WebhookOutbox.Route route, TrackedEventMessage<?> message) {
        WebhookCatalogue.Entry entry = WebhookCatalogue.of(message.getPayloadType());
        if (entry == null || !event.workspaceId().equals(message.getMetaData().get(MetadataKeys.WORKSPACE_ID))
                || !WebhookEventTypes.matches(route.events(), entry.type())) {
            return;
        }
        String payloadJson = payload(entry, message, event.workspaceId());
        if (payloadJson != null) {
            outbox.enqueue(event.subscriptionId(), event.workspaceId(), messageId(message), entry.type(), payloadJson,
                    true, event.requestedAt());
        }
    }

    /** The event's identifier: the same for every subscription, every attempt and every replay of it. */
    static String messageId(EventMessage<?> message) {
        return "msg_" + message.getIdentifier().replace("-", "");
    }

    /** {@code {id, type, created_at, workspace_id, data}}; null when the catalogue skips this event. */
    private static String payload(WebhookCatalogue.Entry entry, EventMessage<?> message, String workspaceId) {
        Map<String, Object> data = entry.data().apply(message.getPayload());
        if (data == null) {
            return null;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", messageId(message));
        payload.put("type", entry.type());
        payload.put("created_at", WebhookCatalogue.time(message.getTimestamp()));
        payload.put("workspace_id", workspaceId);
        payload.put("data", data);
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Webhook payload of " + entry.type() + " is not JSON", e);
        }
    }
}

package com.lealup.automation.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.lealup.api.MetadataKeys;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.projections.Lingers;
import com.lealup.api.webhook.WebhookEventTypes;
import com.lealup.api.webhook.WebhookReplayRequested;
import com.lealup.api.webhook.WebhookSubscriptionCreated;
import com.lealup.api.webhook.WebhookSubscriptionDeleted;
import com.lealup.api.webhook.WebhookSubscriptionDisabled;
import com.lealup.api.webhook.WebhookSubscriptionEnabled;
import com.lealup.api.webhook.WebhookSubscriptionUpdated;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Fans the workspace's events out into each matching subscription's queue ({@link WebhookOutbox}), in the event
 * store's order, in the processor's transaction: a crash redoes the batch, and the message id (the event's) stays
 * the same, so a receiver sees at most a duplicate with the same {@code webhook-id}. Nothing is sent here; the
 * {@link WebhookDispatcher} works the queues. Keeps the subscriptions' routing from their own events, so a
 * subscription receives exactly the events after its creation. Never replayed: a replay would send old events again
 * (a subscription's owner asks for that explicitly, {@code WebhookReplayRequested}, and the {@link WebhookReplayer}
 * does it).
 */
@Component
@ProcessingGroup(WebhookFanOutPolicy.PROCESSING_GROUP)
@Lingers
@DisallowReplay
class WebhookFanOutPolicy {

    static final String PROCESSING_GROUP = "webhook-fanout";

    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final String ROUTES = WebhookFanOutPolicy.class.getName() + ".routes";

    private final WebhookOutbox outbox;
    private final WebhookReplays replays;
    private final Clock clock;

    WebhookFanOutPolicy(WebhookOutbox outbox, WebhookReplays replays, Clock clock) {
        this.outbox = outbox;
        this.replays = replays;
        this.clock = clock;
    }

    @EventHandler
    void on(WebhookSubscriptionCreated event) {
        forgetRoutes();
        outbox.addEndpoint(event.subscriptionId(), event.workspaceId(), event.url(), event.events(), event.createdAt());
    }

    /**
     * The events after it are routed by its types; what is queued goes to its URL at the dispatcher's next claim
     * ({@link WebhookOutbox#updateEndpoint}).
     */
    @EventHandler
    void on(WebhookSubscriptionUpdated event) {
        forgetRoutes();
        outbox.updateEndpoint(event.subscriptionId(), event.url(), event.events(), clock.instant());
    }

    @EventHandler
    void on(WebhookSubscriptionDeleted event) {
        forgetRoutes();
        // first, so that a replay's page being committed is deleted with the deliveries (WebhookReplays.forget)
        replays.forget(event.subscriptionId());
        outbox.removeEndpoint(event.subscriptionId());
    }

    @EventHandler
    void on(WebhookSubscriptionDisabled event) {
        forgetRoutes();
        outbox.disable(event.subscriptionId());
    }

    @EventHandler
    void on(WebhookSubscriptionEnabled event) {
        forgetRoutes();
        outbox.enable(event.subscriptionId(), clock.instant());
    }

    /**
     * After the customer's events, in the store's order: what was queued of them keeps none of its personal data
     * (the erasure of webhook_delivery, docs/gdpr-erasure.md); its later events are read erased already. Then the
     * erasure itself is queued, as {@code customer.erased}.
     */
    @EventHandler
    void on(CustomerErased event, EventMessage<?> message) {
        outbox.eraseCustomer(event.workspaceId(), event.customerId());
        on(message);
    }

    /**
     * Every other event: queued for each enabled subscription of its workspace that asked for its type. Its payload
     * is read only when the catalogue has its type: most events are not published (a batch of ingested usage, a
     * score), and deserialising them all cost this processor most of its time under ingestion.
     */
    @EventHandler
    void on(EventMessage<?> message) {
        WebhookCatalogue.Entry entry = WebhookCatalogue.of(message.getPayloadType());
        String workspaceId = (String) message.getMetaData().get(MetadataKeys.WORKSPACE_ID);
        if (entry == null || workspaceId == null) {
            return;
        }
        List<WebhookOutbox.Route> routes = routes(workspaceId);
        if (routes.isEmpty()) {
            return;
        }
        WebhookPayload payload = null;
        for (WebhookOutbox.Route route : routes) {
            if (WebhookEventTypes.matches(route.events(), entry.type())) {
                if (payload == null) {
                    payload = payload(entry, message.getPayload(), message, workspaceId);
                    if (payload == null) {
                        return;
                    }
                }
                outbox.enqueue(route.subscriptionId(), workspaceId, messageId(message), payload, false,
                        message.getTimestamp());
            }
        }
    }

    /**
     * The workspace's routes, read once per batch of events (a statement per published event was most of this
     * processor's statements under a load of writes); a subscription's event forgets them, so the events after it
     * in the batch read the routes it left.
     */
    private List<WebhookOutbox.Route> routes(String workspaceId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return outbox.routes(workspaceId);
        }
        Map<String, List<WebhookOutbox.Route>> known =
                CurrentUnitOfWork.get().root().getOrComputeResource(ROUTES, key -> new HashMap<>());
        return known.computeIfAbsent(workspaceId, outbox::routes);
    }

    private static void forgetRoutes() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().resources().remove(ROUTES);
        }
    }

    /**
     * Records the replay, bounded by this request's own position; the {@link WebhookReplayer} reads the event store
     * for it on its own workers, so the fan-out of every subscription goes on meanwhile.
     */
    @EventHandler
    void on(WebhookReplayRequested event, TrackingToken position) {
        OptionalLong end = position.position();
        if (outbox.route(event.subscriptionId()) == null || end.isEmpty()) {
            return;
        }
        replays.request(event.subscriptionId(), event.workspaceId(), event.since(), end.getAsLong(),
                event.requestedAt());
    }

    /** The event's identifier: the same for every subscription, every attempt and every replay of it. */
    static String messageId(EventMessage<?> message) {
        return "msg_" + message.getIdentifier().replace("-", "");
    }

    /**
     * {@code {id, type, created_at, workspace_id, data}} of the {@code event} the message carries; null when the
     * catalogue skips this event.
     */
    static WebhookPayload payload(WebhookCatalogue.Entry entry, Object event, EventMessage<?> message,
                                  String workspaceId) {
        Map<String, Object> data = entry.data().apply(event);
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
            return new WebhookPayload(entry.type(), JSON.writeValueAsString(payload),
                    data.get("customer_id") instanceof String customerId ? customerId : null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Webhook payload of " + entry.type() + " is not JSON", e);
        }
    }
}

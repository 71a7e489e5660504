package com.lealup.automation.webhook;

import com.lealup.api.MetadataKeys;
import com.lealup.api.webhook.WebhookEventTypes;
import com.lealup.automation.ClaimingWorkers;
import com.lealup.automation.StoppedWithTheNode;
import com.lealup.automation.webhook.WebhookReplays.Replay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works the replays the fan-out policy recorded ({@link WebhookReplays}) on its own workers, never in the fan-out
 * processor: it reads the event store from the replay's cursor a page at a time ({@code lealup.webhooks.replay.page}
 * events), and queues the page's events of the subscription's workspace and types, in the store's order, in one
 * transaction with the new cursor. A crash loses at most the page being read: the next holder of the lease resumes
 * after the last committed page, and no event is queued twice by one replay. A replay keeps at most {@code
 * lealup.webhooks.replay.backlog} of its deliveries pending, so it is queued as fast as the receiver takes it, and
 * the subscription's live events, queued meanwhile by the fan-out, wait behind at most that many replayed ones.
 * Replays are claimed fairly between workspaces ({@link WebhookReplays#claim}), and a worker that has read for a slice
 * ({@code lealup.webhooks.delivery.slice}) gives its replay back while a workspace holding fewer replays waits: one
 * workspace's long replays (a month of a busy store, read for a quiet workspace) never hold the workers from another's.
 */
@Component
class WebhookReplayer implements StoppedWithTheNode {

    private static final Logger log = LoggerFactory.getLogger(WebhookReplayer.class);
    /** How long a page waits for the next event of the store before it gives up (and the lease runs out). */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** Replays of different subscriptions read the store side by side, two at a time on each node. */
    private static final int WORKERS = 2;

    private final WebhookReplays replays;
    private final WebhookOutbox outbox;
    private final EventStore eventStore;
    private final Serializer eventFormat;
    private final WebhookDeliverySettings settings;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final int page;
    private final int backlog;
    private final ClaimingWorkers<Replay> workers;

    WebhookReplayer(WebhookReplays replays, WebhookOutbox outbox, EventStore eventStore,
                    @Qualifier("eventSerializer") Serializer eventFormat, WebhookDeliverySettings settings, Clock clock, PlatformTransactionManager transactionManager,
                    @Value("${lealup.webhooks.replay.page:500}") int page,
                    @Value("${lealup.webhooks.replay.backlog:100}") int backlog) {
        this.replays = replays;
        this.outbox = outbox;
        this.eventStore = eventStore;
        this.eventFormat = eventFormat;
        this.settings = settings;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.page = page;
        this.backlog = backlog;
        this.workers = new ClaimingWorkers<>("webhook-replay", WORKERS, ClaimingWorkers.STOP_GRACE,
                replay -> replays.release(replay.id(), replay.leasedUntil(), clock.instant()));
    }

    @Scheduled(fixedDelayString = "${lealup.webhooks.delivery.poll-interval:200ms}", initialDelayString = "PT1S")
    void poll() {
        workers.poll(free -> {
            Instant now = clock.instant();
            return replays.claim(now, settings.leaseFrom(now), backlog, free);
        }, this::work, (replay, e) -> log.warn("Replay {} of webhook subscription {} interrupted: {}", replay.id(),
                replay.subscriptionId(), e.toString()));
    }

    /**
     * Queues the replay's pages until it is done, its backlog is full, its lease is lost, the node stops, or its slice
     * is over while a workspace holding fewer replays waits (then it is given back, claimable at once, and taken up in
     * turn).
     */
    void work(Replay replay) {
        WebhookOutbox.Route route = outbox.route(replay.subscriptionId());
        if (route == null) {
            // the subscription is gone (its deletion removes its replays too)
            replays.done(replay.id());
            return;
        }
        Instant lease = replay.leasedUntil();
        Long cursor = replay.cursor();
        Instant sliceEnd = clock.instant().plus(settings.slice);
        while (true) {
            if (workers.stopping()) {
                replays.release(replay.id(), lease, clock.instant());
                return;
            }
            int room = backlog - replays.backlog(replay.subscriptionId());
            if (room <= 0) {
                // claimed again once the receiver has taken some
                replays.release(replay.id(), lease, clock.instant());
                return;
            }
            Page read = read(replay, route, cursor, room);
            Instant held = lease;
            Instant renewed = settings.leaseFrom(clock.instant());
            boolean kept = Boolean.TRUE.equals(transactions.execute(transaction -> {
                if (!replays.advance(replay.id(), held, read.cursor(), renewed)) {
                    return false;
                }
                for (Queued queued : read.queued()) {
                    outbox.enqueue(replay.subscriptionId(), replay.workspaceId(), queued.messageId(), queued.payload(),
                            true, replay.requestedAt());
                }
                if (read.cursor() >= replay.end()) {
                    replays.done(replay.id());
                }
                return true;
            }));
            if (!kept || read.cursor() >= replay.end()) {
                return;
            }
            lease = renewed;
            cursor = read.cursor();
            Instant now = clock.instant();
            if (!now.isBefore(sliceEnd)) {
                if (replays.anotherWorkspaceWaitsWithFewerLeases(replay.workspaceId(), now, backlog)) {
                    replays.release(replay.id(), lease, now);
                    return;
                }
                sliceEnd = now.plus(settings.slice);
            }
        }
    }

    private record Queued(String messageId, WebhookPayload payload) {
    }

    /** A page: the deliveries to queue, and the position of the last event read. */
    private record Page(List<Queued> queued, long cursor) {
    }

    /**
     * Reads up to a page of events after {@code cursor} (from {@code since} when null), none past the replay's end,
     * stopping at the {@code room}-th delivery to queue.
     */
    private Page read(Replay replay, WebhookOutbox.Route route, Long cursor, int room) {
        TrackingToken start = cursor == null ? eventStore.createTokenAt(replay.since()) : after(cursor);
        long at = start == null ? -1 : start.position().orElse(-1);
        List<Queued> queued = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start)) {
            // the request's own position bounds the replay (not TrackingToken.covers: a private stream's token never
            // holds the old gaps of the fan-out's token)
            for (int read = 0; read < page && at < replay.end() && queued.size() < room; read++) {
                if (!stream.hasNextAvailable((int) READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The event store gave no event for " + READ_TIMEOUT
                            + " before the replay's end at " + replay.end());
                }
                TrackedEventMessage<?> message = stream.nextAvailable();
                long position = message.trackingToken().position().orElse(Long.MAX_VALUE);
                at = Math.min(position, replay.end());
                Queued one = position <= replay.end() ? queued(replay, route, message) : null;
                if (one != null) {
                    queued.add(one);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replaying webhook events", e);
        }
        return new Page(queued, at);
    }

    /** The event's delivery when it is of the replay's workspace and its subscription's types; else null. */
    private Queued queued(Replay replay, WebhookOutbox.Route route, TrackedEventMessage<?> message) {
        WebhookCatalogue.Entry entry = WebhookCatalogue.of(message.getPayloadType());
        if (entry == null || !replay.workspaceId().equals(message.getMetaData().get(MetadataKeys.WORKSPACE_ID))
                || !WebhookEventTypes.matches(route.events(), entry.type())) {
            return null;
        }
        WebhookPayload payload = WebhookFanOutPolicy.payload(entry, openedNow(message), message, replay.workspaceId());
        return payload == null ? null : new Queued(WebhookFanOutPolicy.messageId(message), payload);
    }

    /**
     * The event as it reads now. The embedded event store hands the events it read lately to every reader as the
     * same objects, their personal data opened when a processor first read them: one read before its customer's
     * erasure would still hold the data, which a replay, reading old events after the fact, must not send
     * (docs/gdpr-erasure.md). Its stored form opened again reads erased once the key is gone.
     */
    private Object openedNow(TrackedEventMessage<?> message) {
        return eventFormat.deserialize(message.serializePayload(eventFormat, byte[].class));
    }

    /** A token just after {@code position}, of the kind the store makes (Axon's JDBC store, or Axon Server). */
    private TrackingToken after(long position) {
        return eventStore.createHeadToken() instanceof GlobalSequenceTrackingToken
                ? new GlobalSequenceTrackingToken(position)
                : GapAwareTrackingToken.newInstance(position, Set.of());
    }

    @Override
    public ClaimingWorkers<?> claimingWorkers() {
        return workers;
    }
}

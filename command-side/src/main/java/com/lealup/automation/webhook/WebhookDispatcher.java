package com.lealup.automation.webhook;

import com.lealup.api.webhook.DisableWebhookSubscription;
import com.lealup.automation.ClaimingWorkers;
import com.lealup.automation.StoppedWithTheNode;
import com.lealup.automation.SystemCommands;
import com.lealup.automation.webhook.WebhookOutbox.Acknowledged;
import com.lealup.automation.webhook.WebhookOutbox.Claimed;
import com.lealup.automation.webhook.WebhookOutbox.Delivery;
import com.lealup.automation.webhook.WebhookSender.Outcome;
import com.lealup.write.webhook.WebhookSecretsPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Works the subscriptions' queues ({@link WebhookOutbox}): every poll it leases the due subscriptions its free
 * workers can take, fairly between workspaces ({@link WebhookOutbox#claim}), and a worker sends one subscription's
 * deliveries one after the other, in order, while it holds the lease; for a slice at a time while a workspace holding
 * fewer workers waits. A failed attempt stops that subscription's queue until its retry time (exponential back-off, or
 * the receiver's Retry-After); the other subscriptions go on, on the other workers. A delivery still failing
 * {@code retry-for} after its first attempt is failed and its queue goes on; a subscription whose endpoint has
 * failed without a success for {@code disable-after} is disabled, with the reason, and its queue held until its
 * owner enables it. At-least-once: a node that dies mid-attempt leaves its lease to expire, and the next holder sends
 * the same message (same {@code webhook-id}) again; a node stopping cleanly ends its attempts under way and gives its
 * subscriptions back, due at once.
 */
@Component
class WebhookDispatcher implements StoppedWithTheNode {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Finished deliveries are kept this long for GET …/deliveries, as far back as a replay may reach. */
    private static final Duration KEEP_FINISHED = Duration.ofDays(30);

    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final WebhookSecretsPort secrets;
    private final WebhookDeliverySettings settings;
    private final CommandGateway commandGateway;
    private final Clock clock;
    private final Duration requestTimeout;
    private final ClaimingWorkers<Claimed> workers;

    WebhookDispatcher(WebhookOutbox outbox, WebhookSender sender, WebhookSecretsPort secrets,
                      WebhookDeliverySettings settings, CommandGateway commandGateway, Clock clock,
                      @Value("${lealup.webhooks.delivery.request-timeout:PT10S}") Duration requestTimeout) {
        this.outbox = outbox;
        this.sender = sender;
        this.secrets = secrets;
        this.settings = settings;
        this.commandGateway = commandGateway;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        // an attempt always ends within the request timeout (WebhookSender's deadline): a stop waits for it
        this.workers = new ClaimingWorkers<>("webhook-delivery", settings.concurrency, requestTimeout.plusSeconds(1),
                claimed -> outbox.release(claimed.subscriptionId(), claimed.leasedUntil(), clock.instant()));
    }

    @Scheduled(fixedDelayString = "${lealup.webhooks.delivery.poll-interval:200ms}", initialDelayString = "PT1S")
    void dispatch() {
        workers.poll(free -> {
            Instant now = clock.instant();
            return outbox.claim(now, settings.leaseFrom(now), free);
        }, this::work, (claimed, e) -> log.warn("Webhook deliveries of {} interrupted: {}", claimed.subscriptionId(),
                e.toString()));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void forgetOldDeliveries() {
        outbox.forgetFinished(clock.instant().minus(KEEP_FINISHED));
    }

    /**
     * Sends the subscription's pending deliveries in order until a batch comes back short (the queue was drained:
     * what arrives meanwhile waits for the next poll, so that a steady trickle is sent in batches of a poll interval
     * rather than a few at a time, each with its reads and its mark), one fails, the lease is lost, or its slice is
     * over while a workspace holding fewer workers waits (then it is given back, due at once, and the claim gives the
     * worker to that workspace: a workspace's slow or long queues do not keep the others' deliveries waiting).
     */
    void work(Claimed claimed) {
        String id = claimed.subscriptionId();
        Instant lease = claimed.leasedUntil();
        Instant sliceEnd = clock.instant().plus(settings.slice);
        Instant failingSince = claimed.failingSince();
        boolean drained = false;
        while (!drained) {
            List<Delivery> batch = outbox.pending(id, settings.batch);
            List<String> signing = batch.isEmpty() ? List.of() : secrets.signing(id, clock.instant());
            if (signing.isEmpty()) {
                // nothing left, or the subscription is gone
                break;
            }
            drained = batch.size() < settings.batch;
            List<Acknowledged> acknowledged = new ArrayList<>(batch.size());
            try {
                for (Delivery delivery : batch) {
                    Instant now = clock.instant();
                    if (workers.stopping()) {
                        releaseAfter(acknowledged, id, lease, now);
                        return;
                    }
                    if (!now.isBefore(sliceEnd)) {
                        if (outbox.anotherWorkspaceWaitsWithFewerLeases(claimed.workspaceId(), now)) {
                            releaseAfter(acknowledged, id, lease, now);
                            return;
                        }
                        sliceEnd = now.plus(settings.slice);
                    }
                    if (now.plus(requestTimeout).plus(requestTimeout).isAfter(lease)) {
                        Instant renewed = settings.leaseFrom(now);
                        if (!outbox.renew(id, lease, renewed)) {
                            return;
                        }
                        lease = renewed;
                    }
                    // a customer's erasure may have rewritten the payload since the batch was read: what goes out
                    // after the erasure's answer is what its queue holds then
                    Optional<String> payload = delivery.customerId() == null ? Optional.of(delivery.payload())
                            : outbox.pendingPayload(id, delivery.position());
                    if (payload.isEmpty()) {
                        continue;
                    }
                    Outcome outcome = sender.post(claimed.url(), delivery.messageId(), payload.get(), signing,
                            delivery.replay());
                    Instant at = clock.instant();
                    if (outcome instanceof Outcome.Answered answered && answered.success()) {
                        acknowledged.add(new Acknowledged(delivery, at, answered.status()));
                        if (failingSince != null) {
                            outbox.failingSince(id, null);
                            failingSince = null;
                        }
                        continue;
                    }
                    if (failingSince == null) {
                        failingSince = at;
                        outbox.failingSince(id, at);
                    }
                    Integer status = outcome instanceof Outcome.Answered answered ? answered.status() : null;
                    String error = error(outcome);
                    if (!at.isBefore(failingSince.plus(settings.disableAfter))) {
                        outbox.failedAttempt(id, delivery, WebhookOutbox.PENDING, at, status, error, null);
                        disable(claimed, failingSince, error);
                        releaseAfter(acknowledged, id, lease, at);
                        return;
                    }
                    Instant first = delivery.firstAttemptAt() == null ? at : delivery.firstAttemptAt();
                    if (!at.isBefore(first.plus(settings.retryFor))) {
                        outbox.failedAttempt(id, delivery, WebhookOutbox.FAILED, at, status, error, null);
                        continue;
                    }
                    Duration wish = outcome instanceof Outcome.Answered answered
                            ? WebhookSender.retryAfter(answered.retryAfter()) : null;
                    Instant retryAt = at.plus(settings.retryAfter(delivery.attempts() + 1, wish));
                    outbox.failedAttempt(id, delivery, WebhookOutbox.PENDING, at, status, error, retryAt);
                    releaseAfter(acknowledged, id, lease, retryAt);
                    return;
                }
            } finally {
                // recorded before the queue is read again or given up, so the next reader starts after them
                outbox.delivered(id, acknowledged);
            }
        }
        outbox.release(id, lease, clock.instant());
    }

    private void releaseAfter(List<Acknowledged> acknowledged, String id, Instant lease, Instant nextAttemptAt) {
        outbox.delivered(id, acknowledged);
        acknowledged.clear();
        outbox.release(id, lease, nextAttemptAt);
    }

    private void disable(Claimed claimed, Instant failingSince, String error) {
        outbox.disable(claimed.subscriptionId());
        String reason = "The endpoint has failed every delivery since " + WebhookCatalogue.time(failingSince)
                + " (last: " + error + "); its deliveries are held until it is enabled again";
        commandGateway.sendAndWait(new DisableWebhookSubscription(claimed.subscriptionId(), claimed.workspaceId(),
                reason), SystemCommands.metadata("webhook-delivery", claimed.workspaceId()));
    }

    private static String error(Outcome outcome) {
        if (outcome instanceof Outcome.Answered answered) {
            return "The endpoint answered " + answered.status();
        }
        if (outcome instanceof Outcome.Refused refused) {
            return refused.reason() + ": " + refused.detail();
        }
        return ((Outcome.Unreachable) outcome).detail();
    }

    @Override
    public ClaimingWorkers<?> claimingWorkers() {
        return workers;
    }
}

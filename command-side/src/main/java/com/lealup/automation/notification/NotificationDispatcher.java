package com.lealup.automation.notification;

import com.lealup.api.notification.RecordNotificationOutcome;
import com.lealup.automation.ClaimingWorkers;
import com.lealup.automation.StoppedWithTheNode;
import com.lealup.automation.SystemCommands;
import com.lealup.automation.notification.NotificationOutbox.Pending;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Works off the {@link NotificationOutbox}: every poll it claims the due deliveries its free workers can take,
 * attempts each on a worker (so a slow or failing target holds one worker for at most the request timeout and
 * never the others, nor any command), and reports every attempt to the {@code Notification} aggregate:
 * delivered, failed, or retry at the backoff of {@link NotificationDeliverySettings}. At-least-once: a node that dies
 * mid-attempt leaves its lease to expire and the attempt is made again; a node stopping cleanly ends its attempts
 * under way (one still running after the grace is given back, due at once).
 */
@Component
class NotificationDispatcher implements StoppedWithTheNode {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final NotificationOutbox outbox;
    private final SlackChannel slack;
    private final WebhookChannel webhook;
    private final NotificationDeliverySettings settings;
    private final CommandGateway commandGateway;
    private final Clock clock;
    private final ClaimingWorkers<Pending> workers;
    private final MeterRegistry meters;

    NotificationDispatcher(NotificationOutbox outbox, SlackChannel slack, WebhookChannel webhook,
                           NotificationDeliverySettings settings, CommandGateway commandGateway, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.meters = meters;
        Gauge.builder("lealup.notifications.outbox.depth", outbox, NotificationOutbox::depth)
                .description("Notifications still to deliver (notification_outbox), retries included").register(meters);
        this.slack = slack;
        this.webhook = webhook;
        this.settings = settings;
        this.commandGateway = commandGateway;
        this.clock = clock;
        // a stop waits for the attempts under way (each bounded by the request timeout)
        this.workers = new ClaimingWorkers<>("notification-delivery", settings.concurrency,
                settings.requestTimeout.plusSeconds(1),
                pending -> outbox.release(pending.notificationId(), pending.leasedUntil()));
    }

    @Scheduled(fixedDelayString = "${lealup.notifications.delivery.poll-interval:PT1S}", initialDelayString = "PT1S")
    void dispatch() {
        workers.poll(free -> {
            Instant now = clock.instant();
            return outbox.claim(now, now.plus(settings.lease()), free);
        }, this::deliver, (pending, e) -> log.warn("Delivery of notification {} not recorded: {}",
                pending.notificationId(), e.toString()));
    }

    private void deliver(Pending pending) {
        int attempt = pending.attempts() + 1;
        Attempt result;
        try {
            result = "slack".equals(pending.channel()) ? slack.attempt(pending) : webhook.attempt(pending);
        } catch (RuntimeException e) {
            if (workers.stopping()) {
                throw e; // cut by the node's stop: given back, not recorded as an attempt
            }
            log.warn("Attempt {} of notification {} failed unexpectedly", attempt, pending.notificationId(), e);
            result = new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "Unexpected error: " + e.getClass().getSimpleName(),
                    null);
        }
        Instant now = clock.instant();
        if (result instanceof Attempt.Delivered) {
            finish(pending, new RecordNotificationOutcome(pending.notificationId(), attempt,
                    RecordNotificationOutcome.DELIVERED, null, null, null));
        } else if (result instanceof Attempt.Permanent failed) {
            finish(pending, new RecordNotificationOutcome(pending.notificationId(), attempt,
                    RecordNotificationOutcome.FAILED, failed.reason(), failed.detail(), null));
        } else if (result instanceof Attempt.Retry retry) {
            // the wait is compared with the time left, not added first: a target's Retry-After of 2^63 - 1 seconds
            // overflows any instant, and the attempt, then never recorded, would be made again every lease
            Duration wait = settings.backoff(attempt, retry.retryAfter());
            if (attempt >= settings.maxAttempts || wait.compareTo(Duration.between(now, pending.deadline())) > 0) {
                finish(pending, new RecordNotificationOutcome(pending.notificationId(), attempt,
                        RecordNotificationOutcome.FAILED, Attempt.RETRIES_EXHAUSTED, "Gave up after " + attempt
                        + " attempts; the last: " + retry.reason() + " (" + retry.detail() + ")", null));
            } else {
                Instant retryAt = now.plus(wait);
                record(pending, new RecordNotificationOutcome(pending.notificationId(), attempt,
                        RecordNotificationOutcome.RETRY, retry.reason(), retry.detail(), retryAt));
                outbox.reschedule(pending.notificationId(), attempt, retryAt);
            }
        }
    }

    private void finish(Pending pending, RecordNotificationOutcome outcome) {
        try {
            record(pending, outcome);
        } catch (org.axonframework.commandhandling.CommandExecutionException e) {
            // already final (a redelivered attempt): the row has nothing left to do
            log.info("Notification {} was already closed: {}", pending.notificationId(), e.getMessage());
        }
        outbox.remove(pending.notificationId());
    }

    private void record(Pending pending, RecordNotificationOutcome outcome) {
        meters.counter("lealup.notifications.attempts", "channel", pending.channel(),
                "outcome", outcome.outcome()).increment();
        commandGateway.sendAndWait(outcome, SystemCommands.metadata("notification-delivery", pending.workspaceId()));
    }

    @Override
    public ClaimingWorkers<?> claimingWorkers() {
        return workers;
    }
}

package com.lealup.automation.webhook;

import com.lealup.automation.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The bounds of webhook delivery ({@code lealup.webhooks.delivery.*}, docs/webhooks.md): a failed attempt is retried
 * after the {@link Backoff} (or the receiver's Retry-After, capped by it), for {@code retry-for} from the first
 * attempt, after which that delivery is failed and the queue goes on; a subscription whose endpoint has failed
 * without a success for {@code disable-after} is disabled. A worker holds a subscription (WebhookDispatcher) or a
 * replay (WebhookReplayer) for a {@code slice} at a time while a workspace holding fewer workers waits.
 */
@Component
class WebhookDeliverySettings {

    final Backoff backoff;
    final Duration retryFor;
    final Duration disableAfter;
    final Duration lease;
    final Duration slice;
    final int concurrency;
    final int batch;

    WebhookDeliverySettings(@Value("${lealup.webhooks.delivery.initial-backoff:PT5S}") Duration initialBackoff,
                            @Value("${lealup.webhooks.delivery.max-backoff:PT1H}") Duration maxBackoff,
                            @Value("${lealup.webhooks.delivery.retry-for:PT24H}") Duration retryFor,
                            @Value("${lealup.webhooks.delivery.disable-after:P5D}") Duration disableAfter,
                            @Value("${lealup.webhooks.delivery.lease:PT1M}") Duration lease,
                            @Value("${lealup.webhooks.delivery.slice:PT5S}") Duration slice,
                            @Value("${lealup.webhooks.delivery.concurrency:4}") int concurrency,
                            @Value("${lealup.webhooks.delivery.batch:100}") int batch) {
        this.backoff = new Backoff(initialBackoff, maxBackoff);
        this.retryFor = retryFor;
        this.disableAfter = disableAfter;
        this.lease = lease;
        this.slice = slice;
        this.concurrency = concurrency;
        this.batch = batch;
    }

    /** The wait after failed attempt {@code attempt}: the receiver's Retry-After when it sent one, up to the cap. */
    Duration retryAfter(int attempt, Duration receiverWish) {
        Duration ours = backoff.after(attempt);
        if (receiverWish == null) {
            return ours;
        }
        return receiverWish.compareTo(backoff.max()) > 0 ? backoff.max() : receiverWish;
    }

    /** A lease taken or renewed at {@code now}, compared as stored: the database keeps microseconds. */
    Instant leaseFrom(Instant now) {
        return now.plus(lease).truncatedTo(ChronoUnit.MICROS);
    }
}

package com.lealup.automation.notification;

import com.lealup.automation.Backoff;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The bounds of notification delivery ({@code lealup.notifications.delivery.*}, docs/integrations.md):
 * attempt n waits {@code initial-backoff × 2^(n-1)}, at most {@code max-backoff} (a Retry-After of the
 * target replaces it); after {@code max-attempts} attempts, or when the next one would fall after
 * {@code max-total} from the request, the notification fails with {@code retries_exhausted}.
 */
@Component
class NotificationDeliverySettings {

    final Backoff backoff;
    final int maxAttempts;
    final Duration maxTotal;
    final Duration requestTimeout;
    final int concurrency;
    /** Slack's Web API (webhooks go through {@code WebhookSender}) */
    final HttpClient http;

    NotificationDeliverySettings(@Value("${lealup.notifications.delivery.initial-backoff:PT10S}") Duration initialBackoff,
                     @Value("${lealup.notifications.delivery.max-backoff:PT15M}") Duration maxBackoff,
                     @Value("${lealup.notifications.delivery.max-attempts:10}") int maxAttempts,
                     @Value("${lealup.notifications.delivery.max-total:PT24H}") Duration maxTotal,
                     @Value("${lealup.notifications.delivery.request-timeout:PT10S}") Duration requestTimeout,
                     @Value("${lealup.notifications.delivery.concurrency:4}") int concurrency) {
        this.backoff = new Backoff(initialBackoff, maxBackoff);
        this.maxAttempts = maxAttempts;
        this.maxTotal = maxTotal;
        this.requestTimeout = requestTimeout;
        this.concurrency = concurrency;
        // redirects are not followed
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The wait after failed attempt {@code attempt} (from 1). */
    Duration backoff(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        return backoff.after(attempt);
    }

    /** How long a claimed delivery stays reserved to its node: past it, another node (or a restart) retries. */
    Duration lease() {
        return requestTimeout.multipliedBy(3).plusSeconds(30);
    }
}

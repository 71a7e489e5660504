package com.lealup.automation.notifications;

import com.lealup.automation.notifications.NotificationOutbox.Pending;
import com.lealup.write.notification.NotificationSigningSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * POSTs a notification to a URL as a Standard Webhooks message: body {@code {id, type:
 * "playbook.notification", created_at, workspace_id, data}} (the same bytes on every attempt), headers
 * {@code webhook-id} (the notification id, stable across retries, for the receiver's de-duplication),
 * {@code webhook-timestamp} (unix seconds of this attempt) and {@code webhook-signature: v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">} keyed with the workspace's notification signing secret.
 */
@Component
class WebhookChannel {

    static final String TYPE = "playbook.notification";

    private final NotificationSigningSecrets signingSecrets;
    private final TargetGuard guard;
    private final DeliverySettings settings;
    private final Clock clock;

    WebhookChannel(NotificationSigningSecrets signingSecrets, TargetGuard guard, DeliverySettings settings,
                   Clock clock) {
        this.signingSecrets = signingSecrets;
        this.guard = guard;
        this.settings = settings;
        this.clock = clock;
    }

    Attempt attempt(Pending notification) {
        URI target;
        try {
            target = new URI(notification.target());
        } catch (URISyntaxException e) {
            return new Attempt.Permanent(Attempt.INVALID_TARGET, "target is not a URL");
        }
        if (!("https".equalsIgnoreCase(target.getScheme()) || "http".equalsIgnoreCase(target.getScheme()))
                || target.getHost() == null) {
            return new Attempt.Permanent(Attempt.INVALID_TARGET, "target must be an http(s) URL with a host");
        }
        try {
            String refusal = guard.refusal(target.getHost());
            if (refusal != null) {
                return new Attempt.Permanent(Attempt.TARGET_NOT_ALLOWED, refusal);
            }
        } catch (UnknownHostException e) {
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "Unknown host " + target.getHost(), null);
        }
        String body = body(notification);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(target).timeout(settings.requestTimeout)
                .header("Content-Type", "application/json")
                .header("webhook-id", notification.notificationId())
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + sign(signingSecrets.of(notification.workspaceId()),
                        notification.notificationId() + "." + timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<Void> response;
        try {
            response = settings.http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "The target: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "Interrupted", null);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Attempt.Delivered();
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, "The target answered " + status,
                    Attempt.retryAfter(response.headers()));
        }
        return new Attempt.Permanent(Attempt.TARGET_REJECTED, "The target answered " + status);
    }

    /** The payload; {@code data} holds the notification's data and, when it has one, its text. */
    static String body(Pending notification) {
        Map<String, Object> data = new LinkedHashMap<>(notification.data());
        if (notification.text() != null) {
            data.putIfAbsent("text", notification.text());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", notification.notificationId());
        payload.put("type", TYPE);
        payload.put("created_at", DateTimeFormatter.ISO_INSTANT.format(
                notification.requestedAt().truncatedTo(ChronoUnit.SECONDS)));
        payload.put("workspace_id", notification.workspaceId());
        payload.put("data", data);
        return NotificationOutbox.json(payload);
    }

    /** Base64 HMAC-SHA256 keyed with the decoded bytes of a {@code whsec_} secret. */
    static String sign(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = Base64.getDecoder().decode(secret.substring(NotificationSigningSecrets.PREFIX.length()));
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package com.lealup.automation.notification;

import com.lealup.api.UtcTimestamps;
import com.lealup.api.notification.NotificationWebhook;
import com.lealup.automation.notification.NotificationOutbox.Pending;
import com.lealup.automation.webhook.WebhookSender;
import com.lealup.automation.webhook.WebhookSender.Outcome;
import com.lealup.write.notification.NotificationSigningSecretsPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * POSTs a notification to a URL as a Standard Webhooks message through the {@link WebhookSender} (the SSRF guard,
 * the pinned address, the signature): body {@code {id, type: "playbook.notification", created_at, workspace_id,
 * data}} (the same bytes on every attempt), {@code webhook-id} the notification id, signed with the workspace's
 * notification signing secret.
 */
@Component
class WebhookChannel {

    private final NotificationSigningSecretsPort signingSecrets;
    private final WebhookSender sender;

    WebhookChannel(NotificationSigningSecretsPort signingSecrets, WebhookSender sender) {
        this.signingSecrets = signingSecrets;
        this.sender = sender;
    }

    Attempt attempt(Pending notification) {
        Outcome outcome = sender.post(notification.target(), notification.notificationId(), body(notification),
                List.of(signingSecrets.of(notification.workspaceId())), false);
        if (outcome instanceof Outcome.Refused refused) {
            return new Attempt.Permanent(refused.reason(), refused.detail());
        }
        if (outcome instanceof Outcome.Unreachable unreachable) {
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, unreachable.detail(), null);
        }
        Outcome.Answered answer = (Outcome.Answered) outcome;
        int status = answer.status();
        if (answer.success()) {
            return new Attempt.Delivered();
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, "The target answered " + status,
                    WebhookSender.retryAfter(answer.retryAfter()));
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
        payload.put("type", NotificationWebhook.TYPE);
        payload.put("created_at", UtcTimestamps.formatMicros(notification.requestedAt()));
        payload.put("workspace_id", notification.workspaceId());
        payload.put("data", data);
        return NotificationOutbox.json(payload);
    }
}

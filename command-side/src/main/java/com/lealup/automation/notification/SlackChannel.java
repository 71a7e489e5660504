package com.lealup.automation.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.integration.Integrations;
import com.lealup.automation.notification.NotificationOutbox.Pending;
import com.lealup.write.integration.IntegrationCredentialsPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Posts to Slack with the Web API's {@code chat.postMessage}, as the workspace's connected Slack app (its bot
 * token). Slack answers most errors with 200 and {@code {"ok": false, "error": ...}}: the transient ones
 * (and HTTP 429/5xx, honouring Retry-After) are retried, every other is final ({@code not_in_channel},
 * {@code channel_not_found}, {@code invalid_auth}, ...).
 */
@Component
class SlackChannel {

    private static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    private final IntegrationCredentialsPort credentials;
    private final DeliverySettings settings;
    private final URI postMessage;

    SlackChannel(IntegrationCredentialsPort credentials, DeliverySettings settings,
                 @Value("${lealup.integrations.slack.api-base-url:https://slack.com}") String apiBaseUrl) {
        this.credentials = credentials;
        this.settings = settings;
        this.postMessage = URI.create(apiBaseUrl.replaceAll("/+$", "") + "/api/chat.postMessage");
    }

    Attempt attempt(Pending notification) {
        Optional<String> token = credentials.accessToken(notification.workspaceId(), Integrations.SLACK);
        if (token.isEmpty()) {
            return new Attempt.Permanent(Attempt.INTEGRATION_NOT_CONNECTED,
                    "The workspace has no connected Slack integration");
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", notification.target());
        message.put("text", notification.text());
        HttpRequest request = HttpRequest.newBuilder(postMessage).timeout(settings.requestTimeout)
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(NotificationOutbox.json(message)))
                .build();
        HttpResponse<String> response;
        try {
            response = settings.http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "Slack: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "Interrupted", null);
        }
        int status = response.statusCode();
        Duration retryAfter = Attempt.retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        if (status == 429 || status >= 500) {
            return new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, "Slack answered " + status, retryAfter);
        }
        if (status != 200) {
            return new Attempt.Permanent(Attempt.TARGET_REJECTED, "Slack answered " + status);
        }
        JsonNode body;
        try {
            body = NotificationOutbox.JSON.readTree(response.body());
        } catch (IOException e) {
            return new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, "Slack answered 200 without JSON", null);
        }
        if (body.path("ok").asBoolean(false)) {
            return new Attempt.Delivered();
        }
        String error = body.path("error").asText("unknown_error");
        return TRANSIENT_ERRORS.contains(error)
                ? new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, error, retryAfter)
                : new Attempt.Permanent(Attempt.TARGET_REJECTED, error);
    }
}

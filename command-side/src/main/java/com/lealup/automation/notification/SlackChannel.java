package com.lealup.automation.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.api.integration.Integrations;
import com.lealup.automation.notification.NotificationOutbox.Pending;
import com.lealup.automation.webhook.WebhookSender;
import com.lealup.write.integration.IntegrationTokensPort;
import com.lealup.write.integration.IntegrationTokensPort.Usable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Posts to Slack with the Web API's {@code chat.postMessage}, as the workspace's connected Slack app (its bot
 * token). Slack answers most errors with 200 and {@code {"ok": false, "error": ...}}: the transient ones
 * (and HTTP 429/5xx, honouring Retry-After) are retried, every other is final ({@code not_in_channel},
 * {@code channel_not_found}, {@code invalid_auth}, ...).
 * <p>
 * The token comes from {@link IntegrationTokensPort}, refreshed there when it expires. A token that cannot be
 * refreshed, or that Slack reports revoked or invalid, puts the integration in {@code error} and fails the
 * notification at once; a token Slack reports expired is refreshed by the next attempt.
 */
@Component
class SlackChannel {

    private static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");
    /** Slack's answers for a token that no longer works (revoked, app uninstalled, account deactivated). */
    private static final Set<String> DEAD_TOKEN_ERRORS = Set.of("token_revoked", "invalid_auth", "account_inactive",
            "not_authed");
    private static final String TOKEN_EXPIRED = "token_expired";

    private final IntegrationTokensPort tokens;
    private final NotificationDeliverySettings settings;
    private final URI postMessage;

    SlackChannel(IntegrationTokensPort tokens, NotificationDeliverySettings settings,
                 @Value("${lealup.integrations.slack.api-base-url:https://slack.com}") String apiBaseUrl) {
        this.tokens = tokens;
        this.settings = settings;
        this.postMessage = URI.create(apiBaseUrl.replaceAll("/+$", "") + "/api/chat.postMessage");
    }

    Attempt attempt(Pending notification) {
        IntegrationTokensPort.Access access = tokens.access(notification.workspaceId(), Integrations.SLACK);
        if (access instanceof IntegrationTokensPort.NotConnected) {
            return new Attempt.Permanent(Attempt.INTEGRATION_NOT_CONNECTED,
                    "The workspace has no connected Slack integration");
        }
        if (access instanceof IntegrationTokensPort.Unusable unusable) {
            return new Attempt.Permanent(Attempt.INTEGRATION_NOT_CONNECTED, "The Slack integration is in error ("
                    + unusable.reason() + ": " + unusable.detail() + "): connect it again");
        }
        if (access instanceof IntegrationTokensPort.Unavailable unavailable) {
            return new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, "Slack token refresh: " + unavailable.detail(), null);
        }
        Usable token = (Usable) access;
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", notification.target());
        message.put("text", notification.text());
        HttpRequest request = HttpRequest.newBuilder(postMessage).timeout(settings.requestTimeout)
                .header("Authorization", "Bearer " + token.accessToken())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(NotificationOutbox.json(message)))
                .build();
        HttpResponse<String> response;
        try {
            response = settings.http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "Slack: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            // a node's stop cut it: not an attempt of the target's
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted before Slack answered", e);
        }
        int status = response.statusCode();
        Duration retryAfter = WebhookSender.retryAfter(response.headers().firstValue("Retry-After").orElse(null));
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
        if (DEAD_TOKEN_ERRORS.contains(error)) {
            tokens.rejected(token, error);
            return new Attempt.Permanent(Attempt.TARGET_REJECTED, error);
        }
        if (TOKEN_EXPIRED.equals(error)) {
            tokens.expired(token);
            return new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, error, null);
        }
        return TRANSIENT_ERRORS.contains(error)
                ? new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, error, retryAfter)
                : new Attempt.Permanent(Attempt.TARGET_REJECTED, error);
    }
}

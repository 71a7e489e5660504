package com.lealup.automation.notification;

import com.lealup.automation.notification.NotificationOutbox.Pending;
import com.lealup.write.notification.NotificationSigningSecretsPort;
import com.lealup.automation.notification.TargetGuard.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * POSTs a notification to a URL as a Standard Webhooks message: body {@code {id, type:
 * "playbook.notification", created_at, workspace_id, data}} (the same bytes on every attempt), headers
 * {@code webhook-id} (the notification id, stable across retries, for the receiver's de-duplication),
 * {@code webhook-timestamp} (unix seconds of this attempt) and {@code webhook-signature: v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">} keyed with the workspace's notification signing secret.
 * <p>
 * It connects to the very address {@link TargetGuard} checked, with the URL's host in {@code Host} and, for
 * https, in SNI and the certificate check.
 */
@Component
class WebhookChannel implements AutoCloseable {

    static final String TYPE = "playbook.notification";

    private final NotificationSigningSecretsPort signingSecrets;
    private final TargetGuard guard;
    private final DeliverySettings settings;
    private final Clock clock;
    private final CloseableHttpClient http;

    /** What a delivery needs of the target's answer. */
    private record Answer(int status, String retryAfter) {
    }

    WebhookChannel(NotificationSigningSecretsPort signingSecrets, TargetGuard guard, DeliverySettings settings,
                   Clock clock) {
        this.signingSecrets = signingSecrets;
        this.guard = guard;
        this.settings = settings;
        this.clock = clock;
        Timeout timeout = Timeout.of(settings.requestTimeout);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .setMaxConnTotal(settings.concurrency).setMaxConnPerRoute(settings.concurrency)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                // redirects are not followed: a webhook target must not bounce us to an address the guard refused
                .disableRedirectHandling()
                // the dispatcher retries, with back-off
                .disableAutomaticRetries()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
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
        Verdict verdict;
        try {
            verdict = guard.check(target.getHost());
        } catch (UnknownHostException e) {
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "Unknown host " + target.getHost(), null);
        }
        if (verdict.refusal() != null) {
            return new Attempt.Permanent(Attempt.TARGET_NOT_ALLOWED, verdict.refusal());
        }
        String body = body(notification);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        // the request's URL gives the Host header; the HttpHost's address is where the connection goes
        HttpPost request = new HttpPost(target);
        request.setHeader("webhook-id", notification.notificationId());
        request.setHeader("webhook-timestamp", timestamp);
        request.setHeader("webhook-signature", "v1," + sign(signingSecrets.of(notification.workspaceId()),
                notification.notificationId() + "." + timestamp + "." + body));
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        HttpHost pinned = new HttpHost(target.getScheme().toLowerCase(Locale.ROOT), verdict.address(),
                target.getHost().replaceAll("^\\[|]$", ""), target.getPort());
        Answer response;
        try {
            response = http.execute(pinned, request, answer -> {
                Header retryAfter = answer.getFirstHeader("Retry-After");
                return new Answer(answer.getCode(), retryAfter == null ? null : retryAfter.getValue());
            });
        } catch (IOException e) {
            return new Attempt.Retry(Attempt.TARGET_UNREACHABLE, "The target: " + e.getClass().getSimpleName(), null);
        }
        int status = response.status();
        if (status / 100 == 2) {
            return new Attempt.Delivered();
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Attempt.Retry(Attempt.TARGET_UNAVAILABLE, "The target answered " + status,
                    Attempt.retryAfter(response.retryAfter()));
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
            byte[] key = Base64.getDecoder().decode(secret.substring(NotificationSigningSecretsPort.PREFIX.length()));
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}

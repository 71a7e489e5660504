package com.lealup.app.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A receiver's verification with the Standard Webhooks reference library for Java ({@code com.standardwebhooks}),
 * independent of the server's code. At the real time it is the library's own {@code verify} (secret, signature,
 * tolerance of 5 minutes). Tests that move the server's clock (a rotation's 24 hours) check a signature at that
 * time: the library's {@code sign} of {@code "<webhook-id>.<webhook-timestamp>.<body>"} must be one of the
 * space-delimited signatures sent, and the timestamp within the same 5 minutes of it.
 */
public final class StandardWebhooksVerifier {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final Webhook reference;

    public StandardWebhooksVerifier(String secret) {
        try {
            this.reference = new Webhook(secret);
        } catch (Exception e) {
            throw new IllegalArgumentException("Not a Standard Webhooks secret", e);
        }
    }

    /** True when the message is authentic and fresh, at {@code now}. */
    public boolean verify(String body, Map<String, String> headers, Instant now) {
        if (Duration.between(now, Instant.now()).abs().compareTo(Duration.ofSeconds(30)) < 0) {
            try {
                reference.verify(body, headers.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
                return true;
            } catch (WebhookVerificationException e) {
                return false;
            }
        }
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || timestamp == null || signatures == null || !timestamp.matches("[0-9]{1,12}")) {
            return false;
        }
        long sent = Long.parseLong(timestamp);
        if (Duration.between(Instant.ofEpochSecond(sent), now).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        try {
            return List.of(signatures.split(" ")).contains(reference.sign(id, sent, body));
        } catch (WebhookSigningException e) {
            throw new IllegalStateException(e);
        }
    }
}

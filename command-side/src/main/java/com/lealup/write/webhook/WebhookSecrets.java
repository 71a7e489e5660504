package com.lealup.write.webhook;

import com.lealup.write.integration.SecretBox;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Subscriptions' signing secrets ({@code webhook_secret}), encrypted at rest, written in the command's transaction:
 * never in an event, since the event store keeps everything forever.
 */
@Component
class WebhookSecrets implements WebhookSecretsPort {

    private final JdbcClient jdbc;
    private final SecretBox box;

    WebhookSecrets(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    void store(String subscriptionId, String workspaceId, String secret) {
        jdbc.sql("INSERT INTO webhook_secret (subscription_id, workspace_id, secret) VALUES (?, ?, ?)")
                .params(subscriptionId, workspaceId, box.encrypt(secret, context(subscriptionId)))
                .update();
    }

    /** The new secret signs from now on; the current one goes on signing beside it until {@code previousValidUntil}. */
    void rotate(String subscriptionId, String secret, Instant previousValidUntil) {
        jdbc.sql("""
                        UPDATE webhook_secret SET previous_secret = secret, previous_valid_until = ?, secret = ?
                        WHERE subscription_id = ?""")
                .params(Timestamp.from(previousValidUntil), box.encrypt(secret, context(subscriptionId)),
                        subscriptionId)
                .update();
    }

    void forget(String subscriptionId) {
        jdbc.sql("DELETE FROM webhook_secret WHERE subscription_id = ?").param(subscriptionId).update();
    }

    @Override
    public List<String> signing(String subscriptionId, Instant now) {
        return jdbc.sql("SELECT secret, previous_secret, previous_valid_until FROM webhook_secret WHERE subscription_id = ?")
                .param(subscriptionId)
                .query((rs, n) -> {
                    List<String> secrets = new ArrayList<>(2);
                    secrets.add(box.decrypt(rs.getBytes("secret"), context(subscriptionId)));
                    Timestamp until = rs.getTimestamp("previous_valid_until");
                    if (rs.getBytes("previous_secret") != null && until != null && now.isBefore(until.toInstant())) {
                        secrets.add(box.decrypt(rs.getBytes("previous_secret"), context(subscriptionId)));
                    }
                    return secrets;
                })
                .optional().orElse(List.of());
    }

    /** Authenticated data: a ciphertext copied to another subscription's row does not decrypt. */
    private static String context(String subscriptionId) {
        return "webhook/" + subscriptionId;
    }
}

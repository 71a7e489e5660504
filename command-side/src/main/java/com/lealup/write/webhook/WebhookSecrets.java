package com.lealup.write.webhook;

import com.lealup.write.SecretBox;
import java.sql.Timestamp;
import java.time.Instant;
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

    /**
     * The new secret signs from now on; the current one is rotated out and goes on signing beside it until
     * {@code retiredSignsUntil}, as those rotated out before do until their own time. Those lapsed by {@code now}
     * are dropped.
     */
    void rotate(String subscriptionId, String secret, Instant retiredSignsUntil, Instant now) {
        jdbc.sql("""
                        INSERT INTO webhook_retired_secret (subscription_id, secret, signs_until)
                        SELECT subscription_id, secret, ? FROM webhook_secret WHERE subscription_id = ?""")
                .params(Timestamp.from(retiredSignsUntil), subscriptionId)
                .update();
        jdbc.sql("UPDATE webhook_secret SET secret = ? WHERE subscription_id = ?")
                .params(box.encrypt(secret, context(subscriptionId)), subscriptionId)
                .update();
        jdbc.sql("DELETE FROM webhook_retired_secret WHERE subscription_id = ? AND signs_until <= ?")
                .params(subscriptionId, Timestamp.from(now))
                .update();
    }

    /** Its rotated-out secrets go with it (ON DELETE CASCADE). */
    void forget(String subscriptionId) {
        jdbc.sql("DELETE FROM webhook_secret WHERE subscription_id = ?").param(subscriptionId).update();
    }

    @Override
    public List<String> signing(String subscriptionId, Instant now) {
        return jdbc.sql("""
                        SELECT secret FROM (
                            SELECT secret, 'infinity'::timestamptz AS signs_until FROM webhook_secret
                            WHERE subscription_id = :id
                            UNION ALL
                            SELECT secret, signs_until FROM webhook_retired_secret
                            WHERE subscription_id = :id AND signs_until > :now) signing
                        ORDER BY signs_until DESC""")
                .param("id", subscriptionId)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> box.decrypt(rs.getBytes("secret"), context(subscriptionId)))
                .list();
    }

    /** Authenticated data: a ciphertext copied to another subscription's row does not decrypt. */
    private static String context(String subscriptionId) {
        return "webhook/" + subscriptionId;
    }
}

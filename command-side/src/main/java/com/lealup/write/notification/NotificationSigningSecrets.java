package com.lealup.write.notification;

import com.lealup.api.notification.RevealNotificationSigningSecret;
import com.lealup.api.webhook.SigningSecrets;
import com.lealup.write.SecretBox;
import java.sql.Timestamp;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each workspace's secret for signing notify-to-webhook deliveries: {@code whsec_} + base64 of 32 random
 * bytes (the HMAC key is the decoded bytes, as for webhook subscriptions), created on first use by a
 * delivery or by an admin reading it, stored encrypted ({@code notification_signing_secret}). Creation
 * is race-free across nodes: insert-if-absent, then read what won.
 */
@Component
class NotificationSigningSecrets implements NotificationSigningSecretsPort {

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Clock clock;

    NotificationSigningSecrets(JdbcClient jdbc, SecretBox secrets, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
    }

    @CommandHandler
    String handle(RevealNotificationSigningSecret command) {
        return of(command.workspaceId());
    }

    /** The workspace's secret, {@code whsec_...}, created if it has none yet. */
    @Override
    public String of(String workspaceId) {
        String context = "notification-signing/" + workspaceId;
        String candidate = SigningSecrets.newSecret();
        jdbc.sql("""
                        INSERT INTO notification_signing_secret (workspace_id, secret, created_at) VALUES (?, ?, ?)
                        ON CONFLICT (workspace_id) DO NOTHING""")
                .params(workspaceId, secrets.encrypt(candidate, context), Timestamp.from(clock.instant()))
                .update();
        return jdbc.sql("SELECT secret FROM notification_signing_secret WHERE workspace_id = ?").param(workspaceId)
                .query((rs, n) -> secrets.decrypt(rs.getBytes(1), context)).single();
    }
}

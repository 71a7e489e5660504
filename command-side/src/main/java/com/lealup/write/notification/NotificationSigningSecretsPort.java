package com.lealup.write.notification;

/**
 * The port through which the webhook channel signs its deliveries with the workspace's secret
 * ({@code notification_signing_secret}). Implemented by {@link NotificationSigningSecrets}.
 */
public interface NotificationSigningSecretsPort {

    /** The workspace's secret ({@code SigningSecrets}' form), created if it has none yet. */
    String of(String workspaceId);
}

package com.lealup.write.notification;

/**
 * The port through which the webhook channel signs its deliveries with the workspace's secret
 * ({@code notification_signing_secret}). Implemented by {@link NotificationSigningSecrets}.
 */
public interface NotificationSigningSecretsPort {

    /** What every secret starts with; the HMAC key is the base64 after it, decoded. */
    String PREFIX = "whsec_";

    /** The workspace's secret, {@code whsec_...}, created if it has none yet. */
    String of(String workspaceId);
}

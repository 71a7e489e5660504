package com.lealup.api.notification;

/**
 * Answers the workspace's signing secret of notify-to-webhook deliveries ({@code whsec_...}), creating it on
 * first use.
 */
public record RevealNotificationSigningSecret(String workspaceId) {
}

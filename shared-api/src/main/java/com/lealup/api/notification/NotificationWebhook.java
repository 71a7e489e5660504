package com.lealup.api.notification;

/**
 * What a notification sent to a webhook target is ({@code notify} with channel {@code webhook}): the {@code type} of
 * the body it POSTs, which the receivers switch on and the OpenAPI document declares.
 */
public final class NotificationWebhook {

    public static final String TYPE = "playbook.notification";

    private NotificationWebhook() {
    }
}

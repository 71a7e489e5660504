package com.lealup.api.notification;

/** What asked for a notification: a playbook run's action (null fields when sent for another reason). */
public record NotificationSource(String playbookId, String playbookRunId, Integer actionIndex) {
}

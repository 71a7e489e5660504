package com.lealup.api.webhook;

/** The version the read model shows for a subscription (deleted ones included), 0 when none. */
public record FindWebhookSubscriptionVersion(String subscriptionId) {
}

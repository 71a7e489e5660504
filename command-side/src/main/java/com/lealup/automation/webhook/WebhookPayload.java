package com.lealup.automation.webhook;

/**
 * An event's webhook body: its type, its JSON, and the customer it is about ({@code data.customer_id}, null when
 * none), whose erasure rewrites it ({@link WebhookCatalogue#erased}).
 */
record WebhookPayload(String type, String json, String customerId) {
}

package com.lealup.api.webhook;

import java.util.List;

public record WebhookSubscriptionList(List<WebhookSubscriptionView> rows) {
}

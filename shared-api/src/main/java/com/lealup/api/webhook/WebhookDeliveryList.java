package com.lealup.api.webhook;

import java.util.List;

public record WebhookDeliveryList(List<WebhookDeliveryView> rows) {
}

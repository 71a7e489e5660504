package com.lealup.api.customer;

import java.time.Instant;

public record ContactView(String id, String customerId, String workspaceId, String name, String email, String title,
                          boolean isChampion, String whatsappNumber, Instant createdAt, Instant updatedAt,
                          long customerVersion) {
}

package com.lealup.api.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A customer as the customers read model holds it; {@code deletedAt} is set while it is in the trash.
 * {@code customFieldsJson} is its custom fields as the API writes them: a JSON object, written as it is.
 */
public record CustomerView(String id, String workspaceId, String name, String emailDomain, BigDecimal arr,
                           String currency, String status, String ownerId, String segmentId, LocalDate renewalDate,
                           String forecastCategory, String customFieldsJson, Integer healthScore,
                           String healthStatus, Instant healthCalculatedAt, Instant createdAt, Instant updatedAt,
                           long version, Instant deletedAt, Instant purgeAfter) {
}

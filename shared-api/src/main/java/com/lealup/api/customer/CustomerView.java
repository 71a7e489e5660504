package com.lealup.api.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/** A customer as the customers read model holds it; {@code deletedAt} is set while it is in the trash. */
public record CustomerView(String id, String workspaceId, String name, String emailDomain, BigDecimal arr,
                           String currency, String status, String ownerId, String segmentId, LocalDate renewalDate,
                           String forecastCategory, Map<String, Object> customFields, Integer healthScore,
                           String healthStatus, Instant healthCalculatedAt, Instant createdAt, Instant updatedAt,
                           long version, Instant deletedAt, Instant purgeAfter) {
}

package com.lealup.http.customers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.lealup.api.customer.ContactView;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.DimensionScore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** A customer as the API shows it (API.md section 3). */
record CustomerJson(String id, String tenantId, String name, String emailDomain, BigDecimal arr, String currency,
                    String status, String ownerId, String segmentId, LocalDate renewalDate, String forecastCategory,
                    Map<String, Object> customFields, Health health, Instant createdAt, Instant updatedAt,
                    long version) {

    /** In lists: score, status, time; in the detail also the model version and the dimension breakdown. */
    record Health(Integer score, String status, Instant calculatedAt,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Integer modelVersion,
                  @JsonInclude(JsonInclude.Include.NON_NULL) List<DimensionScore> dimensions) {
    }

    record Renewal(LocalDate date, Long daysUntil, String forecastCategory) {
    }

    /** {@code GET /v1/customers/{id}}: the customer with its renewal and its pending tasks. */
    record Detail(@JsonUnwrapped CustomerJson customer, Renewal renewal, List<Object> pendingTasks) {
    }

    record Trashed(@JsonUnwrapped CustomerJson customer, Instant deletedAt, Instant purgeAfter) {
    }

    record Contact(String id, String customerId, String name, String email, String title, boolean isChampion,
                   String whatsappNumber, Instant createdAt, Instant updatedAt) {

        static Contact of(ContactView c) {
            return new Contact(c.id(), c.customerId(), c.name(), c.email(), c.title(), c.isChampion(),
                    c.whatsappNumber(), c.createdAt(), c.updatedAt());
        }
    }

    static CustomerJson of(CustomerView c) {
        Health health = c.healthCalculatedAt() == null ? null
                : new Health(c.healthScore(), c.healthStatus(), c.healthCalculatedAt(), null, null);
        return new CustomerJson(c.id(), c.workspaceId(), c.name(), c.emailDomain(), c.arr().stripTrailingZeros(),
                c.currency(), c.status(), c.ownerId(), c.segmentId(), c.renewalDate(), c.forecastCategory(),
                c.customFields(), health, c.createdAt(), c.updatedAt(), c.version());
    }

    static Detail detail(CustomerView c, LocalDate today) {
        Long daysUntil = c.renewalDate() == null ? null : ChronoUnit.DAYS.between(today, c.renewalDate());
        // tasks arrive with the tasks capability; until then a customer has none
        return new Detail(of(c), new Renewal(c.renewalDate(), daysUntil, c.forecastCategory()), List.of());
    }

    /** The detail with the current health and its breakdown from the health read model. */
    static Detail detail(CustomerView c, LocalDate today, CustomerHealthView health) {
        Detail detail = detail(c, today);
        if (health.calculation() == 0) {
            return detail;
        }
        CustomerJson j = detail.customer();
        return new Detail(new CustomerJson(j.id(), j.tenantId(), j.name(), j.emailDomain(), j.arr(), j.currency(),
                j.status(), j.ownerId(), j.segmentId(), j.renewalDate(), j.forecastCategory(), j.customFields(),
                new Health(health.score(), health.status(), health.calculatedAt(), health.modelVersion(),
                        health.dimensions()), j.createdAt(), j.updatedAt(), j.version()),
                detail.renewal(), detail.pendingTasks());
    }

    static Trashed trashed(CustomerView c) {
        return new Trashed(of(c), c.deletedAt(), c.purgeAfter());
    }
}

package com.lealup.http.customer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.lealup.http.support.JsonScalar;
import com.lealup.http.support.RenderedJson;
import org.springframework.lang.Nullable;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.lealup.api.customer.ContactView;
import com.lealup.api.customer.CustomerDetail;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.DimensionScore;
import com.lealup.http.task.TaskJson;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** A customer as the API shows it (API.md section 3). */
@Schema(name = "Customer", example = """
        {"id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X", "name": "Acme Corp",
            "email_domain": "acme.com", "arr": 145000, "currency": "USD", "status": "active",
            "owner_id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K", "segment_id": null, "renewal_date": "2027-06-15",
            "forecast_category": "commit", "custom_fields": {"tier": "Platinum", "seats": 250},
            "health": {"score": 72, "status": "healthy", "calculated_at": "2026-11-29T06:00:00Z"},
            "created_at": "2026-03-02T09:30:00Z", "updated_at": "2026-11-20T14:05:00Z", "version": 7}""")
record CustomerJson(String id, String tenantId, String name, String emailDomain, BigDecimal arr, String currency,
                    String status, @Nullable String ownerId, @Nullable String segmentId, @Nullable LocalDate renewalDate, String forecastCategory,
                    @JsonScalar RenderedJson<Map<String, Object>> customFields, Health health, Instant createdAt, Instant updatedAt,
                    long version) {

    /**
     * Always an object, its members null until the customer's first score (API.md section 3): a client reads
     * {@code health.score} without first asking whether there is a health. A score with no data is null too.
     */
    @Schema(name = "CustomerHealthSummary", description = "Every member null until the customer's first score (a "
            + "customer that has never had data has none, recalculated or not); score and status null with a "
            + "calculated_at: a score that became null")
    record Health(@Nullable Integer score, @Nullable String status, @Nullable Instant calculatedAt) {

        static final Health NONE = new Health(null, null, null);
    }

    /** The health on a customer's page: the summary's members, the model version and the dimension breakdown. */
    @Schema(name = "CustomerHealthDetail", description = "score, status, calculated_at and model_version null and "
            + "dimensions empty until the customer's first score (a customer that has never had data has none, "
            + "recalculated or not)")
    record DetailHealth(@Nullable Integer score, @Nullable String status, @Nullable Instant calculatedAt,
                        @Nullable Integer modelVersion, List<DimensionScore> dimensions) {

        static final DetailHealth NONE = new DetailHealth(null, null, null, null, List.of());

        /** A score of the health read models with its breakdown. */
        static DetailHealth of(CustomerHealthView health) {
            return new DetailHealth(health.score(), health.status(), health.calculatedAt(), health.modelVersion(),
                    health.dimensions());
        }
    }

    @Schema(name = "CustomerRenewal")
    record Renewal(@Nullable LocalDate date, @Nullable Long daysUntil, String forecastCategory) {
    }

    /** {@code GET /v1/customers/{id}}: the customer with its renewal and its pending tasks. */
    @Schema(name = "CustomerDetail", example = """
            {"id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X", "name": "Acme Corp",
            "email_domain": "acme.com", "arr": 145000, "currency": "USD", "status": "active",
            "owner_id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K", "segment_id": null, "renewal_date": "2027-06-15",
            "forecast_category": "commit", "custom_fields": {"tier": "Platinum", "seats": 250},
            "health": {"score": 72, "status": "healthy", "calculated_at": "2026-11-29T06:00:00Z", "model_version": 2,
            "dimensions": [{"key": "product_usage", "weight": 60, "score": 80, "contribution": 48,
            "signals": {"seats": 250, "seat_score": 80, "trend_score": 80, "events_last_30d": 4000,
            "events_previous_30d": 5000}},
            {"key": "nps", "weight": 40, "score": 60, "contribution": 24, "signals": {"latest_nps": 6}}]},
            "created_at": "2026-03-02T09:30:00Z", "updated_at": "2026-11-20T14:05:00Z", "version": 7,
            "renewal": {"date": "2027-06-15", "days_until": 197, "forecast_category": "commit"},
            "pending_tasks": [{"id": "tsk_01JD3K6A7B8C9D0E1F2G3H4J5K", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X",
            "customer_id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "playbook_id": "pbk_01JD3K7A8B9C0D1E2F3G4H5J6K",
            "playbook_run_id": "run_01JD3K8A9B0C1D2E3F4G5H6J7K", "title": "Call champion",
            "description": "Health below 60 in the Enterprise segment", "owner_id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K",
            "assignee_id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K", "status": "pending", "priority": "high",
            "due_date": "2026-12-02", "outcome": null, "notes": null, "completed_at": null,
            "created_at": "2026-11-30T08:00:00Z", "updated_at": "2026-11-30T08:00:00Z", "version": 1}],
            "pending_tasks_total": 1}""")
    record Detail(@JsonUnwrapped @JsonIgnoreProperties("health") CustomerJson customer, DetailHealth health,
                  Renewal renewal,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @ArraySchema(arraySchema = @Schema(description = "The "
                          + "first " + CustomerDetail.OPEN_TASKS_SHOWN + " pending and in-progress tasks by due date, "
                          + "undated last; all of them: GET /v1/tasks?customer_id=")) List<TaskJson> pendingTasks,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "How many pending and "
                          + "in-progress tasks the customer has, those pending_tasks shows and the others")
                  Long pendingTasksTotal,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Instant asOf) {
    }

    @Schema(name = "TrashedCustomer", example = """
            {"id": "cus_01JD3KJC9K0M1N2P3Q4R5S6T7V", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X", "name": "Initech",
            "email_domain": "initech.com", "arr": 30000, "currency": "USD", "status": "churned", "owner_id": null,
            "segment_id": null, "renewal_date": null, "forecast_category": "omitted", "custom_fields": {},
            "health": {"score": null, "status": null, "calculated_at": null},
            "created_at": "2026-04-10T12:00:00Z", "updated_at": "2026-11-28T16:20:00Z", "version": 4,
            "deleted_at": "2026-11-28T16:20:00Z", "purge_after": "2026-12-28T16:20:00Z"}""")
    record Trashed(@JsonUnwrapped CustomerJson customer, Instant deletedAt, Instant purgeAfter) {
    }

    @Schema(name = "Contact", example = """
            {"id": "con_01JD3K5A6B7C8D9E0F1G2H3J4K", "customer_id": "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P", "name": "Ana Pérez",
            "email": "ana@acme.com", "title": "VP Operations", "is_champion": true, "whatsapp_number": "+34600111222",
            "created_at": "2026-03-02T09:30:00Z", "updated_at": "2026-11-20T14:05:00Z"}""")
    record Contact(String id, String customerId, String name, String email, @Nullable String title, boolean isChampion,
                   @Nullable String whatsappNumber, Instant createdAt, Instant updatedAt) {

        static Contact of(ContactView c) {
            return new Contact(c.id(), c.customerId(), c.name(), c.email(), c.title(), c.isChampion(),
                    c.whatsappNumber(), c.createdAt(), c.updatedAt());
        }
    }

    static CustomerJson of(CustomerView c) {
        Health health = c.healthCalculatedAt() == null ? Health.NONE
                : new Health(c.healthScore(), c.healthStatus(), c.healthCalculatedAt());
        return new CustomerJson(c.id(), c.workspaceId(), c.name(), c.emailDomain(), c.arr().stripTrailingZeros(),
                c.currency(), c.status(), c.ownerId(), c.segmentId(), c.renewalDate(), c.forecastCategory(),
                new RenderedJson<>(c.customFieldsJson()), health, c.createdAt(), c.updatedAt(), c.version());
    }

    /** The detail: the customer with its renewal, its open tasks, and its current health with its breakdown. */
    static Detail detail(CustomerView c, LocalDate today, List<TaskJson> pendingTasks, long pendingTasksTotal,
                         CustomerHealthView health) {
        Long daysUntil = c.renewalDate() == null ? null : ChronoUnit.DAYS.between(today, c.renewalDate());
        CustomerJson customer = of(c);
        // never scored in the health read model: the customers row's summary, without a breakdown
        DetailHealth detailHealth = health.calculation() != 0 ? DetailHealth.of(health)
                : new DetailHealth(customer.health().score(), customer.health().status(),
                        customer.health().calculatedAt(), null, List.of());
        return new Detail(customer, detailHealth, new Renewal(c.renewalDate(), daysUntil, c.forecastCategory()),
                pendingTasks, pendingTasksTotal, null);
    }

    /**
     * {@code GET /v1/customers/{id}?as_of=}: the customer as it was, its renewal counted from that date, and the health
     * in force then (its members null before the first score); no tasks.
     */
    static Detail asOf(CustomerView c, Instant asOf, CustomerHealthView healthThen) {
        LocalDate day = LocalDate.ofInstant(asOf, java.time.ZoneOffset.UTC);
        Long daysUntil = c.renewalDate() == null ? null : ChronoUnit.DAYS.between(day, c.renewalDate());
        DetailHealth health = healthThen.calculation() == 0 ? DetailHealth.NONE : DetailHealth.of(healthThen);
        return new Detail(of(c), health, new Renewal(c.renewalDate(), daysUntil, c.forecastCategory()),
                null, null, asOf);
    }

    static Trashed trashed(CustomerView c) {
        return new Trashed(of(c), c.deletedAt(), c.purgeAfter());
    }
}

package com.lealup.automation.webhook;

import static com.lealup.api.webhook.WebhookEventTypes.CUSTOMER_CREATED;
import static com.lealup.api.webhook.WebhookEventTypes.CUSTOMER_DELETED;
import static com.lealup.api.webhook.WebhookEventTypes.CUSTOMER_ERASED;
import static com.lealup.api.webhook.WebhookEventTypes.CUSTOMER_HEALTH_CHANGED;
import static com.lealup.api.webhook.WebhookEventTypes.CUSTOMER_RESTORED;
import static com.lealup.api.webhook.WebhookEventTypes.CUSTOMER_UPDATED;
import static com.lealup.api.webhook.WebhookEventTypes.IMPORT_COMPLETED;
import static com.lealup.api.webhook.WebhookEventTypes.PLAYBOOK_TRIGGERED;
import static com.lealup.api.webhook.WebhookEventTypes.TASK_COMPLETED;
import static com.lealup.api.webhook.WebhookEventTypes.TASK_CREATED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.PersonalData;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.bulkimport.ImportJobCompleted;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.task.TaskCompleted;
import com.lealup.api.task.TaskCreated;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which domain events go out as which catalogue type ({@code WebhookEventTypes}), and the {@code data} of each
 * (docs/webhooks.md shows one of each). A new type is one line here (and the type in {@code WebhookEventTypes});
 * a mapping may answer null to skip an event (a new score in the same band).
 */
final class WebhookCatalogue {

    /**
     * A catalogue type, the {@code data} of its payload, and the members of {@code data} that hold the event's
     * {@code @PersonalData} ({@code changes.<member>} inside an update's changes).
     */
    record Entry(String type, Function<Object, Map<String, Object>> data, List<String> personal) {
    }

    private static final String CHANGES = "changes.";

    private static final Map<Class<?>, Entry> ENTRIES = Map.ofEntries(
            entry(CustomerCreated.class, CUSTOMER_CREATED, WebhookCatalogue::customerCreated,
                    "name", "email_domain", "custom_fields"),
            entry(CustomerUpdated.class, CUSTOMER_UPDATED, WebhookCatalogue::customerUpdated,
                    CHANGES + "name", CHANGES + "email_domain", CHANGES + "custom_fields"),
            entry(CustomerDeleted.class, CUSTOMER_DELETED, e -> data("customer_id", e.customerId(),
                    "deleted_at", time(e.deletedAt()), "purge_after", time(e.purgeAfter()))),
            entry(CustomerRestored.class, CUSTOMER_RESTORED, e -> data("customer_id", e.customerId(),
                    "restored_at", time(e.restoredAt()))),
            // GDPR Art. 19: the receivers that got the customer's data are told to forget it
            entry(CustomerErased.class, CUSTOMER_ERASED, e -> data("customer_id", e.customerId(), "reason",
                    e.reason(), "erased_at", time(e.erasedAt()))),
            entry(HealthScoreCalculated.class, CUSTOMER_HEALTH_CHANGED, WebhookCatalogue::healthChanged),
            entry(TaskCreated.class, TASK_CREATED, WebhookCatalogue::taskCreated, "title", "description"),
            entry(TaskCompleted.class, TASK_COMPLETED, e -> data("task_id", e.taskId(), "customer_id",
                    e.customerId(), "outcome", e.outcome(), "notes", e.notes(), "completed_at", time(e.completedAt())),
                    "outcome", "notes"),
            entry(PlaybookTriggered.class, PLAYBOOK_TRIGGERED, e -> data("run_id", e.runId(), "playbook_id",
                    e.playbookId(), "playbook_name", e.playbookName(), "customer_id", e.customerId(), "owner_id",
                    e.ownerId(), "trigger_type", e.triggerType(), "snapshot", e.snapshot(), "matched_at",
                    time(e.matchedAt())), "snapshot"),
            entry(ImportJobCompleted.class, IMPORT_COMPLETED, e -> data("job_id", e.jobId(), "total", e.total(),
                    "created", e.created(), "updated", e.updated(), "skipped", e.skipped(), "failed", e.failed(),
                    "completed_at", time(e.completedAt()))));

    /** Reads a payload back with its numbers as they were written (decimals exact, written plain). */
    private static final ObjectMapper EXACT = WebhookFanOutPolicy.JSON.copy()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private WebhookCatalogue() {
    }

    /** The entry for an event's payload type; null when no webhook type stands for it. */
    static Entry of(Class<?> payloadType) {
        return ENTRIES.get(payloadType);
    }

    @SuppressWarnings("unchecked")
    private static <E> Map.Entry<Class<?>, Entry> entry(Class<E> event, String type,
                                                       Function<E, Map<String, Object>> data, String... personal) {
        return Map.entry(event, new Entry(type, e -> data.apply((E) e), List.of(personal)));
    }

    /**
     * A queued payload about {@code customerId} as its event reads once that customer is erased
     * (docs/gdpr-erasure.md), which is what a replay of it sends: each personal value {@code "[erased]"} (a text)
     * or empty (a map), an emptied map left out of an update's changes as {@link #fields} leaves it; unchanged when
     * the payload is about another customer (it only named the id) or holds no personal data.
     */
    static String erased(String payload, String customerId) {
        ObjectNode message;
        try {
            message = (ObjectNode) EXACT.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A queued webhook payload is not JSON", e);
        }
        JsonNode data = message.path("data");
        Entry entry = ENTRIES.values().stream().filter(e -> e.type().equals(message.path("type").asText()))
                .findFirst().orElse(null);
        if (entry == null || entry.personal().isEmpty() || !customerId.equals(data.path("customer_id").asText())) {
            return payload;
        }
        for (String member : entry.personal()) {
            boolean inChanges = member.startsWith(CHANGES);
            JsonNode holder = inChanges ? data.path("changes") : data;
            String name = inChanges ? member.substring(CHANGES.length()) : member;
            JsonNode value = holder.get(name);
            if (value == null || value.isNull() || !(holder instanceof ObjectNode object)) {
                continue;
            }
            if (!value.isContainerNode()) {
                object.put(name, PersonalData.ERASED);
            } else if (inChanges) {
                object.remove(name);
            } else {
                ((ContainerNode<?>) value).removeAll();
            }
        }
        try {
            return EXACT.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A webhook payload is not JSON", e);
        }
    }

    private static Map<String, Object> customerCreated(CustomerCreated event) {
        Map<String, Object> data = data("customer_id", event.customerId());
        data.putAll(fields(event.fields(), false));
        data.put("created_at", time(event.createdAt()));
        return data;
    }

    private static Map<String, Object> customerUpdated(CustomerUpdated event) {
        return data("customer_id", event.customerId(), "changes", fields(event.changes(), true),
                "cleared", event.cleared() == null ? List.of() : event.cleared().stream().sorted().toList(),
                "updated_at", time(event.updatedAt()));
    }

    /** A customer's fields by their API names; {@code onlySet} leaves out the unchanged (null) ones of an update. */
    private static Map<String, Object> fields(CustomerFields fields, boolean onlySet) {
        Map<String, Object> data = data("name", fields.name(), "email_domain", fields.emailDomain(), "arr",
                fields.arr(), "currency", fields.currency(), "status", fields.status(), "owner_id", fields.ownerId(),
                "segment_id", fields.segmentId(), "renewal_date",
                fields.renewalDate() == null ? null : fields.renewalDate().toString(),
                "forecast_category", fields.forecastCategory(), "custom_fields", fields.customFields());
        if (onlySet) {
            data.values().removeIf(value -> value == null || value instanceof Map<?, ?> map && map.isEmpty());
        }
        return data;
    }

    /** A change of the health status (API.md: the band), the first score's included; a new score alone is not. */
    private static Map<String, Object> healthChanged(HealthScoreCalculated event) {
        if (java.util.Objects.equals(event.status(), event.previousStatus())) {
            return null;
        }
        return data("customer_id", event.customerId(), "score", event.score(), "previous_score",
                event.previousScore(), "status", event.status(), "previous_status", event.previousStatus(),
                "model_version", event.modelVersion(), "trigger", event.trigger(), "calculated_at",
                time(event.calculatedAt()));
    }

    private static Map<String, Object> taskCreated(TaskCreated event) {
        return data("task_id", event.taskId(), "customer_id", event.customerId(), "title", event.fields().title(),
                "description", event.fields().description(), "assignee_id", event.fields().assigneeId(),
                "due_date", event.fields().dueDate() == null ? null : event.fields().dueDate().toString(),
                "priority", event.fields().priority(), "status", event.fields().status(), "playbook_id",
                event.playbookId(), "playbook_run_id", event.playbookRunId(), "created_at", time(event.createdAt()));
    }

    /** As the API shows a time: to the microsecond, as the read models keep it, so a payload's times equal GET's. */
    static String time(Instant instant) {
        return instant == null ? null : UtcTimestamps.formatMicros(instant);
    }

    /** An ordered map of name, value pairs (nulls kept: a payload shows every documented field). */
    private static Map<String, Object> data(Object... pairs) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            data.put((String) pairs[i], pairs[i + 1]);
        }
        return data;
    }
}

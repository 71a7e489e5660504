package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.lealup.api.PersonalData;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.task.TaskCompleted;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

class WebhookCatalogueTest {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE = new PropertyNamingStrategies.SnakeCaseStrategy();

    private static Map<String, Object> healthChanged(Integer score, String status, Integer previousScore,
                                                     String previousStatus) {
        HealthScoreCalculated event = new HealthScoreCalculated("cus_1", "wsp_1", 2, score, status, previousScore,
                previousStatus, 1, List.of(), Instant.parse("2026-11-29T02:00:00Z"), "events");
        return WebhookCatalogue.of(HealthScoreCalculated.class).data().apply(event);
    }

    /**
     * Every {@code @PersonalData} value of a catalogued event is a member the erasure blanks in queued payloads: the
     * members of a nested record named {@code fields} stand in {@code data} itself, those of another one under its
     * name ({@code changes.name}).
     */
    @Test
    void everyPersonalValueOfACataloguedEventIsAMemberTheErasureBlanks() throws ReflectiveOperationException {
        Field entries = WebhookCatalogue.class.getDeclaredField("ENTRIES");
        entries.setAccessible(true);
        for (Class<?> type : ((Map<Class<?>, ?>) entries.get(null)).keySet()) {
            Set<String> personal = new TreeSet<>();
            personalMembers(type, "", personal);
            assertThat(WebhookCatalogue.of(type).personal()).as(type.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(personal);
        }
    }

    private static void personalMembers(Class<?> record, String prefix, Set<String> into) {
        for (RecordComponent component : record.getRecordComponents()) {
            String member = SNAKE_CASE.translate(component.getName());
            if (component.isAnnotationPresent(PersonalData.class)) {
                into.add(prefix + member);
            } else if (component.getType().isRecord()) {
                personalMembers(component.getType(), component.getName().equals("fields") ? "" : member + ".", into);
            }
        }
    }

    @Test
    void aQueuedTaskCompletionKeepsNeitherItsOutcomeNorItsNotesOnceItsCustomerIsErased() {
        TaskCompleted completed = new TaskCompleted("tsk_1", "wsp_1", "cus_1", "Erin disclosed her diagnosis",
                "Erin's notes", Instant.parse("2026-11-29T02:00:00Z"));
        WebhookPayload queued = WebhookFanOutPolicy.payload(WebhookCatalogue.of(TaskCompleted.class), completed,
                GenericEventMessage.asEventMessage(completed), "wsp_1");
        assertThat(queued.customerId()).as("the customer whose erasure rewrites it").isEqualTo("cus_1");
        String payload = queued.json();
        assertThat(payload).contains("Erin");

        String erased = WebhookCatalogue.erased(payload, "cus_1");

        assertThat(erased).doesNotContain("Erin").contains("\"outcome\":\"[erased]\"", "\"notes\":\"[erased]\"");
        assertThat(WebhookCatalogue.erased(payload, "cus_2")).as("another customer's").isEqualTo(payload);
    }

    @Test
    void customerHealthChangedGoesOutWhenTheStatusChangesOnly() {
        assertThat(healthChanged(54, "at_risk", 71, "healthy")).containsEntry("previous_status", "healthy")
                .containsEntry("score", 54);
        assertThat(healthChanged(80, "healthy", null, null)).as("the first score").containsEntry("status", "healthy");
        assertThat(healthChanged(null, null, 45, "neutral")).as("no data any more").containsEntry("score", null);
        assertThat(healthChanged(75, "healthy", 71, "healthy")).as("a new score in the same band").isNull();
        assertThat(healthChanged(null, null, null, null)).isNull();
    }
}

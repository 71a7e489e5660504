package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.api.PersonalData;
import com.lealup.api.customer.ContactAdded;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.task.TaskCompleted;
import com.lealup.write.customer.InMemoryCustomerKeys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

/** Personal data sealed with its customer's key in the stored events, and erased with the key. */
class PersonalDataFormatTest {

    private static final Instant AT = Instant.parse("2026-03-01T08:30:15.123456Z");

    private final InMemoryCustomerKeys keys = new InMemoryCustomerKeys();
    private final Serializer serializer = EventFormat.serializer(new PersonalDataFormat(keys, true));

    private static CustomerCreated created(String customerId) {
        return new CustomerCreated(customerId, "wsp_1", new CustomerFields("Renée Dupont", "dupont-family.fr",
                new BigDecimal("12345.50"), "EUR", "active", "usr_1", null, LocalDate.parse("2027-01-31"), "pipeline",
                Map.of("mobile", "+33612345678", "ratio", new BigDecimal("0.10000000000000000001"), "seats", 12)),
                AT);
    }

    @Test
    void personalValuesAreStoredSealedAndReadBackExactly() {
        CustomerCreated event = created("cus_1");
        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        String json = new String(stored.getData(), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("Renée", "dupont-family", "+33612345678", "0.10000000000000000001")
                .contains("\"name\":\"pd:v1:cus_1:", "\"custom_fields\":\"pd:v1:cus_1:")
                // what is not personal keeps the event's shape, in clear
                .contains("\"arr\":12345.50", "\"customer_id\":\"cus_1\"", "\"status\":\"active\"");
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(event);
    }

    @Test
    void onceTheKeyIsDestroyedEveryPersonalValueReadsErasedAndTheRestIsIntact() {
        SerializedObject<byte[]> created = serializer.serialize(created("cus_1"), byte[].class);
        SerializedObject<byte[]> contact = serializer.serialize(new ContactAdded("cus_1", "wsp_1", "con_1",
                new ContactFields("Renée Dupont", "renee@dupont-family.fr", "CFO", true, "+33612345678"), AT), byte[].class);
        SerializedObject<byte[]> completed = serializer.serialize(new TaskCompleted("tsk_1", "wsp_1", "cus_1",
                "spoke with Renée", "called Renée at home", AT), byte[].class);
        SerializedObject<byte[]> triggered = serializer.serialize(new PlaybookTriggered("run_1", "pbk_1", "Renewals",
                "wsp_1", "cus_1", null, "event", Map.of("name", "Renée Dupont"), List.of(), AT, 1L), byte[].class);

        keys.destroy("cus_1");

        CustomerCreated erased = serializer.deserialize(created);
        assertThat(erased.fields().name()).isEqualTo(PersonalData.ERASED);
        assertThat(erased.fields().emailDomain()).isEqualTo(PersonalData.ERASED);
        assertThat(erased.fields().customFields()).isEmpty();
        assertThat(erased.fields().arr()).isEqualByComparingTo("12345.50");
        assertThat(erased.fields().renewalDate()).isEqualTo(LocalDate.parse("2027-01-31"));
        ContactAdded erasedContact = serializer.deserialize(contact);
        assertThat(erasedContact.fields()).isEqualTo(new ContactFields(PersonalData.ERASED, PersonalData.ERASED,
                PersonalData.ERASED, true, PersonalData.ERASED));
        TaskCompleted erasedCompletion = serializer.deserialize(completed);
        assertThat(List.of(erasedCompletion.outcome(), erasedCompletion.notes())).containsOnly(PersonalData.ERASED);
        assertThat(((PlaybookTriggered) serializer.deserialize(triggered)).snapshot()).isEmpty();

        // written after the erasure (a late event about the customer): nothing of it is stored
        String late = new String(serializer.serialize(created("cus_1"), byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(late).doesNotContain("Renée", "+33612345678").contains("\"name\":\"pd:v1:cus_1:\"");
    }

    @Test
    void eachCustomerHasItsOwnKeyAndAValueMovedToAnotherCustomerDoesNotOpen() {
        String one = new String(serializer.serialize(created("cus_1"), byte[].class).getData(), StandardCharsets.UTF_8);
        serializer.serialize(created("cus_2"), byte[].class);
        keys.destroy("cus_1");
        assertThat(((CustomerCreated) serializer.deserialize(new SimpleSerializedObject<>(
                serializer.serialize(created("cus_2"), byte[].class).getData(), byte[].class,
                CustomerCreated.class.getName(), null))).fields().name()).isEqualTo("Renée Dupont");

        String moved = one.replace("cus_1", "cus_2");
        assertThatThrownBy(() -> serializer.deserialize(new SimpleSerializedObject<>(moved.getBytes(StandardCharsets.UTF_8),
                byte[].class, CustomerCreated.class.getName(), null))).hasStackTraceContaining("Cannot decrypt");
    }

    @Test
    void eventsStoredInClearBeforeSealingReadAsTheyAre() throws Exception {
        byte[] stored = Files.readAllBytes(Path.of("src/test/resources/events", CustomerCreated.class.getName() + ".json"));
        CustomerCreated event = serializer.deserialize(new SimpleSerializedObject<>(stored, byte[].class,
                CustomerCreated.class.getName(), null));
        assertThat(event.fields().name()).isNotEqualTo(PersonalData.ERASED).doesNotStartWith(PersonalDataFormat.SEALED);
    }

    @Test
    void aTaskOfNoCustomerHasNoSubjectAndIsWrittenInClear() {
        String json = new String(serializer.serialize(new TaskCompleted("tsk_1", "wsp_1", null, "done", "internal note",
                AT), byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"notes\":\"internal note\"");
    }
}

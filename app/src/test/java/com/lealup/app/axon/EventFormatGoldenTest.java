package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.bulkimport.ImportJobStarted;
import com.lealup.api.bulkimport.ImportOptions;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.playbook.PlaybookDayStarted;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.write.customer.InMemoryCustomerKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/**
 * The golden samples of the event format ({@code src/test/resources/events}): one stored payload per event type,
 * named {@code <class>.json} (or {@code <class>@<revision>.json} once the type has a {@code @Revision}), never edited
 * once checked in. The first ones were written by the serializer of the code before {@link EventFormat} (Axon's
 * Jackson serializer over the web ObjectMapper), so reading them is reading what existing data directories hold.
 * <p>
 * A new event type without a sample fails {@link #everyEventTypeHasAGoldenSample}; run it with
 * {@code -Dlealup.write-event-samples=true} to write the missing ones from {@link EventSamples}, look at them and check
 * them in.
 */
class EventFormatGoldenTest {

    private static final Path SAMPLES = Path.of("src/test/resources/events");
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    // in clear: the samples are the shapes of the types (sealed values are held by PersonalDataFormatTest)
    private final Serializer serializer = EventFormat.serializer(new PersonalDataFormat(new InMemoryCustomerKeys(), false));
    private final EventUpcasterChain upcasters = new EventUpcasterChain(EventFormat.upcasters());

    @Test
    void everyEventTypeHasAGoldenSample() throws Exception {
        EventTypes types = EventTypes.scan();
        assertThat(types.unresolved).as("calls that publish an event the scan cannot name: pass `new SomeEvent(...)` "
                + "straight to apply/asEventMessage").isEmpty();
        // the scan must see the modules (it would pass vacuously on an empty classpath)
        assertThat(types.all()).contains("com.lealup.api.customer.CustomerCreated",
                "com.lealup.api.health.HealthScoreCalculated", "com.lealup.api.usage.UsageRecorded");
        List<String> missing = new ArrayList<>();
        for (String type : types.all()) {
            Class<?> event = Class.forName(type);
            Path sample = SAMPLES.resolve(fileName(type, new AnnotationRevisionResolver().revisionOf(event)));
            if (!Files.exists(sample)) {
                missing.add(sample.getFileName().toString());
                if (Boolean.getBoolean("lealup.write-event-samples")) {
                    Files.write(sample, serializer.serialize(EventSamples.of(event), byte[].class).getData());
                }
            }
        }
        assertThat(missing).as("event types without a golden sample in " + SAMPLES
                + " (-Dlealup.write-event-samples=true writes them)").isEmpty();
    }

    @Test
    void everySampleReadsBackAsItsEventTypeWithTheSameShape() throws Exception {
        Map<String, Path> samples = samples();
        assertThat(samples).hasSizeGreaterThan(30);
        for (Map.Entry<String, Path> sample : samples.entrySet()) {
            String name = sample.getKey();
            String type = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
            String revision = name.contains("@") ? name.substring(name.indexOf('@') + 1) : null;
            byte[] stored = Files.readAllBytes(sample.getValue());
            Object event = read(type, revision, stored);
            Class<?> current = event.getClass();
            String currentRevision = new AnnotationRevisionResolver().revisionOf(current);
            if (current.getName().equals(type) && java.util.Objects.equals(currentRevision, revision)) {
                // the current revision: writing it again gives the stored shape (same names, same values)
                JsonNode again = EXACT.readTree(serializer.serialize(event, byte[].class).getData());
                assertThat(again).as(name).isEqualTo(EXACT.readTree(stored));
            }
        }
    }

    @Test
    void valuesReadBackExactly() throws Exception {
        CustomerUpdated updated = (CustomerUpdated) read(CustomerUpdated.class.getName(), null,
                Files.readAllBytes(SAMPLES.resolve(CustomerUpdated.class.getName() + ".json")));
        assertThat(updated.updatedAt()).isEqualTo(Instant.parse("2026-03-01T08:30:15.123456Z"));
        assertThat(updated.changes().arr()).isEqualByComparingTo("12345.50");
        assertThat(updated.changes().renewalDate()).hasToString("2026-09-30");
        assertThat(updated.changes().customFields()).containsEntry("ratio", new BigDecimal("0.25"))
                .containsEntry("seats", 120).containsEntry("vip", true).containsEntry("tier", "Platinum");
        PlaybookTriggered triggered = (PlaybookTriggered) read(PlaybookTriggered.class.getName(), null,
                Files.readAllBytes(SAMPLES.resolve(PlaybookTriggered.class.getName() + ".json")));
        assertThat(triggered.actions().get(0).value()).isEqualTo(new BigDecimal("3.75"));
    }

    @Test
    void aStoredDayOfTheDeploymentsOneCalendarReadsAsEveryWorkspacesDay() throws Exception {
        PlaybookDayStarted day = (PlaybookDayStarted) read(PlaybookDayStarted.class.getName(), null,
                Files.readAllBytes(SAMPLES.resolve(PlaybookDayStarted.class.getName() + ".json")));
        assertThat(day.date()).hasToString("2026-09-30");
        assertThat(day.workspaceId()).isNull();
    }

    /** Revision 1 updated every match in create_or_update mode, whatever its conflict_resolution said. */
    @Test
    void aStoredCreateOrUpdateJobGoesOnUpdatingItsMatches() throws Exception {
        String stored = Files.readString(SAMPLES.resolve(ImportJobStarted.class.getName() + ".json"));
        for (String[] given : new String[][] {{"create_or_update", "fail", "overwrite"},
                {"create_or_update", "skip", "overwrite"}, {"create", "skip", "skip"}, {"update", "fail", "fail"}}) {
            String job = stored.replace("\"mode\":\"mode-sample\"", "\"mode\":\"" + given[0] + "\"")
                    .replace("\"conflict_resolution\":\"conflictResolution-sample\"",
                            "\"conflict_resolution\":\"" + given[1] + "\"");
            ImportJobStarted started = (ImportJobStarted) read(ImportJobStarted.class.getName(), null,
                    job.getBytes(StandardCharsets.UTF_8));
            assertThat(started.options()).as(String.join(" ", given))
                    .isEqualTo(new ImportOptions(given[0], given[2], "matchOn-sample"));
        }
    }

    @Test
    void decimalsAreWrittenPlainAndReadExactly() {
        Map<String, Object> fields = Map.of("big", new BigDecimal("1E+3"), "precise", new BigDecimal("0.10000000000000000001"));
        SerializedObject<String> json = serializer.serialize(fields, String.class);
        assertThat(json.getData()).contains("1000").contains("0.10000000000000000001").doesNotContain("E+");
        Map<?, ?> back = serializer.deserialize(json);
        assertThat(back.get("precise")).isEqualTo(new BigDecimal("0.10000000000000000001"));
    }

    /** A decimal of any scale the writer takes reads back: Jackson's readers refuse numbers of 1,000 digits by default. */
    @Test
    void aDecimalWrittenPlainReadsBackWhateverItsLength() {
        Map<String, Object> fields = Map.of("zero", new BigDecimal("0E-9999"), "long", new BigDecimal("1E+9999"));
        SerializedObject<String> json = serializer.serialize(fields, String.class);
        Map<?, ?> back = serializer.deserialize(json);
        assertThat((BigDecimal) back.get("zero")).isEqualByComparingTo(BigDecimal.ZERO);
        // written plain, a whole number reads back as one
        assertThat(new BigDecimal(back.get("long").toString())).isEqualByComparingTo(new BigDecimal("1E+9999"));
    }

    @Test
    void anUnknownPropertyFailsTheReadInsteadOfLosingData() {
        byte[] stored = "{\"customer_id\":\"cus_1\",\"workspace_id\":\"wsp_1\",\"restored_at\":\"2026-03-01T08:30:15Z\",\"by\":\"x\"}"
                .getBytes();
        try {
            read("com.lealup.api.customer.CustomerRestored", null, stored);
            fail("an unknown property was ignored");
        } catch (RuntimeException expected) {
            assertThat(expected).hasStackTraceContaining("by");
        }
    }

    @Test
    void theMetadataSampleReadsBack() throws IOException {
        byte[] stored = Files.readAllBytes(SAMPLES.resolve("metadata.json"));
        MetaData metadata = serializer.deserialize(new SimpleSerializedObject<>(stored, byte[].class,
                MetaData.class.getName(), null));
        assertThat(metadata).containsEntry("workspace_id", "wsp_01JD3SAMPLE").containsEntry("actor_type", "api_key")
                .containsEntry("actor_id", "key_01JD3SAMPLE").containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
                .containsEntry("idempotency_key", "sample-key");
    }

    /** A stored payload as the event store reads it: through the upcasters, then into the current class. */
    private Object read(String type, String revision, byte[] stored) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Sample", "agg-1", 0, "evt-1",
                Instant.EPOCH, type, revision, stored, serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());
        List<IntermediateEventRepresentation> upcasted = upcasters
                .upcast(Stream.of(new InitialEventRepresentation(entry, serializer))).toList();
        assertThat(upcasted).as(type).hasSize(1);
        IntermediateEventRepresentation result = upcasted.get(0);
        return serializer.deserialize(new SimpleSerializedObject<>(result.getData(byte[].class).getData(), byte[].class,
                new SimpleSerializedType(result.getType().getName(), result.getType().getRevision())));
    }

    private static String fileName(String type, String revision) {
        return type + (revision == null ? "" : "@" + revision) + ".json";
    }

    private static Map<String, Path> samples() {
        Map<String, Path> samples = new TreeMap<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            files.filter(f -> f.getFileName().toString().startsWith("com.lealup."))
                    .forEach(f -> samples.put(f.getFileName().toString().replaceFirst("\\.json$", ""), f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }
}

package com.lealup.app.axon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationRetryScheduled;
import com.lealup.api.playbook.PlaybookActionFailed;
import com.lealup.api.playbook.PlaybookDayStarted;
import com.lealup.api.playbook.PlaybookTriggered;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * The stored format of events (payload and metadata) and snapshots: JSON written by an ObjectMapper of its own,
 * configured here and nowhere else, so that no setting of the web layer can change what the event store holds or
 * can read. It is frozen: it writes exactly what the first stored events hold (the web ObjectMapper's settings of
 * the time) and the golden samples in {@code app/src/test/resources/events} hold it to that. See
 * {@code docs/architecture.md} "Event format" for the rules of changing an event.
 * <ul>
 * <li>Property names are snake_case of the record components ({@code customer_id}).</li>
 * <li>Every property is written, nulls included (a reader sees the whole shape).</li>
 * <li>{@code Instant}s are ISO 8601 strings in UTC with their fraction ({@code 2026-03-01T08:30:15.123456Z}),
 * {@code LocalDate}s {@code YYYY-MM-DD}.</li>
 * <li>Decimals are exact: {@code BigDecimal}s are written plain ({@code 12345.50}, never {@code 1.234550E+4}),
 * and a fraction read into an untyped value (custom fields, signals, snapshots) is a {@code BigDecimal}, never a
 * rounded {@code double}.</li>
 * <li>An unknown property fails the read: a stored shape the class does not declare is a change that needs an
 * upcaster, and must not lose data silently.</li>
 * <li>Personal data ({@code @PersonalData} components) is sealed with its customer's key ({@link PersonalDataFormat}),
 * and clear values of the events stored before are read as they are.</li>
 * </ul>
 */
final class EventFormat {

    private EventFormat() {
    }

    /** A new ObjectMapper of the event format (each serializer owns its own: Axon registers modules on it). */
    static ObjectMapper objectMapper(PersonalDataFormat personalData) {
        // what this format writes it reads back: a decimal written plain may be longer than Jackson's default limit
        // for a number (1,000 digits), and the store holds only what this format wrote (requests are bounded before)
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(IsoInstants.module())
                .addModule(personalData.module())
                .annotationIntrospector(personalData.introspector())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
                .build();
    }

    /** The serializer of the event store: events, their metadata, snapshots. */
    static Serializer serializer(PersonalDataFormat personalData) {
        return new StoreSerializer(JacksonSerializer.builder()
                .objectMapper(objectMapper(personalData))
                .revisionResolver(new AnnotationRevisionResolver())
                .converter(new ChainingConverter(EventFormat.class.getClassLoader())));
    }

    /**
     * Axon's serializer, with the class of each stored type name and the reader of each class looked up once: Axon
     * looks both up for every payload and metadata it reads (a sorted set of unknown names, the type factory's cache,
     * a new reader), about a sixth of a replay's deserializing thread. Stored type names are this code's classes, a
     * bounded set.
     */
    private static final class StoreSerializer extends JacksonSerializer {

        private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
        private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

        StoreSerializer(JacksonSerializer.Builder builder) {
            super(builder);
        }

        @Override
        public Class classForType(SerializedType type) {
            return classes.computeIfAbsent(type.getName(), name -> super.classForType(type));
        }

        @Override
        protected ObjectReader getReader(Class<?> type) {
            return readers.computeIfAbsent(type, super::getReader);
        }
    }

    /**
     * Every upcaster of stored events, oldest change first: the one place they are listed, for the event store and
     * the golden tests alike. An event whose shape changes gets {@code @Revision} and an upcaster here.
     */
    static List<EventUpcaster> upcasters() {
        return List.of(new HealthScoreCalculatedUpcaster(), new SubjectAddedUpcaster(NotificationRequested.class),
                new SubjectAddedUpcaster(PlaybookActionFailed.class), new SubjectAddedUpcaster(NotificationFailed.class),
                new SubjectAddedUpcaster(NotificationRetryScheduled.class),
                new UnknownFieldAddedUpcaster(PlaybookDayStarted.class, "workspace_id"), new ImportJobStartedUpcaster(),
                new UnknownFieldAddedUpcaster(PlaybookTriggered.class, "playbook_version"));
    }
}

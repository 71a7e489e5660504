package com.lealup.app.axon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.lealup.api.PersonalData;
import com.lealup.write.AesGcm;
import com.lealup.write.customer.CustomerKeys;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Crypto-shredding in the event format (docs/gdpr-erasure.md): every {@link PersonalData} value of an event is
 * stored as {@code "pd:v1:<customer id>:<base64 of nonce | AES-256-GCM ciphertext | tag>"}, sealed with the key of
 * the event's customer (its {@code customerId} component, the "subject"; the customer id is the authenticated data,
 * so a value moved to another customer does not open). A map or list is sealed as its JSON text. Read back, a
 * sealed value opens with the customer's key; once the key is destroyed it reads as {@code "[erased]"} (a text) or
 * empty (a map, a list): history, time travel, replays and dead-letter retries all see the event's shape, never the
 * data.
 * <p>
 * Events stored before this format hold clear values, which the reader takes as they are: the shape of an event
 * type did not change (a sealed map is a text where the clear one is an object, and the reader takes either), so no
 * revision and no upcaster were needed. An event without a subject ({@code customerId} null: a task of no customer)
 * is written in clear, and so is everything when {@code encrypt} is off (only the benchmark's reference run turns it
 * off: {@code lealup.gdpr.encrypt-events}). A value of an erased customer written after the erasure is written
 * sealed with no ciphertext: it reads as erased.
 */
final class PersonalDataFormat {

    static final String SEALED = "pd:v1:";
    private static final String SUBJECT = PersonalDataFormat.class.getName() + ".subject";
    private static final JsonFactory JSON = new JsonFactory();


    private final CustomerKeys keys;
    private final boolean encrypt;

    PersonalDataFormat(CustomerKeys keys, boolean encrypt) {
        this.keys = keys;
        this.encrypt = encrypt;
    }

    /** The Jackson setup of the event format's ObjectMapper. */
    SimpleModule module() {
        SimpleModule module = new SimpleModule("personal-data");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                Method subject = subjectAccessor(description.getBeanClass());
                return subject == null ? serializer : new SubjectSerializer(serializer, subject);
            }
        });
        return module;
    }

    /** Finds the (de)serializers of {@link PersonalData} components; set on the mapper before Jackson's own. */
    JacksonAnnotationIntrospector introspector() {
        return new JacksonAnnotationIntrospector() {
            @Override
            public Object findSerializer(Annotated annotated) {
                return annotated.hasAnnotation(PersonalData.class) ? new SealingSerializer() : super.findSerializer(annotated);
            }

            @Override
            public Object findDeserializer(Annotated annotated) {
                return annotated.hasAnnotation(PersonalData.class) ? new OpeningDeserializer(annotated.getType())
                        : super.findDeserializer(annotated);
            }
        };
    }

    /** The {@code customerId()} accessor of a record, the subject of the personal data inside it; null if none. */
    private static Method subjectAccessor(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        return Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals("customerId")
                && c.getType() == String.class).map(RecordComponent::getAccessor).findFirst().orElse(null);
    }

    /** The customer whose event is being written, with its key looked up once per event. */
    private final class Subject {
        private final String customerId;
        private Optional<SecretKey> key;

        Subject(String customerId) {
            this.customerId = customerId;
        }

        Optional<SecretKey> key() {
            if (key == null) {
                key = keys.forWriting(customerId);
            }
            return key;
        }
    }

    /** The sealed form of a value whose customer's key is gone: its prefix and no box, read as {@code "[erased]"}. */
    static String erased(String customerId) {
        return SEALED + customerId + ":";
    }

    String seal(Subject subject, String plain) {
        Optional<SecretKey> key = subject.key();
        if (key.isEmpty()) {
            return erased(subject.customerId);
        }
        try {
            byte[] box = AesGcm.seal(key.get(), subject.customerId.getBytes(StandardCharsets.UTF_8),
                    plain.getBytes(StandardCharsets.UTF_8));
            return SEALED + subject.customerId + ":" + Base64.getEncoder().encodeToString(box);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt personal data of customer " + subject.customerId, e);
        }
    }

    /** The plain text of a sealed value; empty when its customer's key is erased. */
    Optional<String> open(String sealed) {
        int split = sealed.lastIndexOf(':');
        String customerId = sealed.substring(SEALED.length(), split);
        String box = sealed.substring(split + 1);
        if (box.isEmpty()) {
            return Optional.empty();
        }
        Optional<SecretKey> key = keys.forReading(customerId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(AesGcm.open(key.get(), customerId.getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(box)), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot decrypt personal data of customer " + customerId, e);
        }
    }

    /** Sets the subject of the personal data of the record it writes (and of the values nested in it). */
    private static final class SubjectSerializer extends JsonSerializer<Object>
            implements ResolvableSerializer, ContextualSerializer {

        private final JsonSerializer<Object> delegate;
        private final Method subject;

        @SuppressWarnings("unchecked")
        SubjectSerializer(JsonSerializer<?> delegate, Method subject) {
            this.delegate = (JsonSerializer<Object>) delegate;
            this.subject = subject;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Object outer = provider.getAttribute(SUBJECT);
            provider.setAttribute(SUBJECT, subjectOf(value));
            try {
                delegate.serialize(value, gen, provider);
            } finally {
                provider.setAttribute(SUBJECT, outer);
            }
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider,
                                      TypeSerializer typeSerializer) throws IOException {
            Object outer = provider.getAttribute(SUBJECT);
            provider.setAttribute(SUBJECT, subjectOf(value));
            try {
                delegate.serializeWithType(value, gen, provider, typeSerializer);
            } finally {
                provider.setAttribute(SUBJECT, outer);
            }
        }

        private Object subjectOf(Object value) throws IOException {
            try {
                Object customerId = subject.invoke(value);
                return customerId == null ? null : customerId.toString();
            } catch (ReflectiveOperationException e) {
                throw new IOException("Cannot read the customer of " + value.getClass().getName(), e);
            }
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (delegate instanceof ResolvableSerializer resolvable) {
                resolvable.resolve(provider);
            }
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            if (delegate instanceof ContextualSerializer contextual) {
                JsonSerializer<?> contextualized = contextual.createContextual(provider, property);
                if (contextualized != delegate) {
                    return new SubjectSerializer(contextualized, subject);
                }
            }
            return this;
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Object value) {
            return delegate.isEmpty(provider, value);
        }
    }

    /** Writes a personal value sealed with its subject's key (in clear without a subject or with encryption off). */
    private final class SealingSerializer extends JsonSerializer<Object> {

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Object customerId = provider.getAttribute(SUBJECT);
            if (!encrypt || customerId == null) {
                provider.defaultSerializeValue(value, gen);
                return;
            }
            Subject subject = subjectOf(provider, (String) customerId);
            String plain;
            if (value instanceof String text) {
                plain = text;
            } else {
                StringWriter json = new StringWriter();
                JsonFactory factory = gen.getCodec() == null ? JSON : gen.getCodec().getFactory();
                try (JsonGenerator inner = factory.createGenerator(json)) {
                    inner.setFeatureMask(gen.getFeatureMask());
                    provider.defaultSerializeValue(value, inner);
                }
                plain = json.toString();
            }
            gen.writeString(seal(subject, plain));
        }

        /** One key lookup per event: the subject is kept in the call's attributes beside its id. */
        private Subject subjectOf(SerializerProvider provider, String customerId) {
            Object cached = provider.getAttribute(Subject.class);
            if (cached instanceof Subject subject && subject.customerId.equals(customerId)) {
                return subject;
            }
            Subject subject = new Subject(customerId);
            provider.setAttribute(Subject.class, subject);
            return subject;
        }
    }

    /**
     * Reads a personal value: sealed (opened, or erased) or in clear as events stored before sealing hold it. The
     * value's own deserializer is resolved once, for its property: looked up per value it was contextualized anew
     * each time (a fifth of a replay's deserializing thread, docs/PERFORMANCE.md).
     */
    private final class OpeningDeserializer extends JsonDeserializer<Object> implements ContextualDeserializer {

        private final JavaType type;
        /** The value's deserializer, once resolved for the property; null before. */
        private final JsonDeserializer<Object> value;

        OpeningDeserializer(JavaType type) {
            this(type, null);
        }

        private OpeningDeserializer(JavaType type, JsonDeserializer<Object> value) {
            this.type = type;
            this.value = value;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            return new OpeningDeserializer(type, context.findContextualValueDeserializer(type, property));
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonDeserializer<Object> deserializer = value != null ? value : context.findRootValueDeserializer(type);
            if (parser.currentToken() == JsonToken.VALUE_STRING && parser.getText().startsWith(SEALED)) {
                Optional<String> plain = open(parser.getText());
                if (plain.isEmpty()) {
                    return erased();
                }
                if (type.hasRawClass(String.class)) {
                    return plain.get();
                }
                try (JsonParser inner = JSON.createParser(plain.get())) {
                    inner.nextToken();
                    return deserializer.deserialize(inner, context);
                }
            }
            return deserializer.deserialize(parser, context);
        }

        private Object erased() {
            if (type.hasRawClass(String.class)) {
                return PersonalData.ERASED;
            } else if (type.isTypeOrSubTypeOf(Map.class)) {
                return new LinkedHashMap<>();
            } else if (type.isTypeOrSubTypeOf(Collection.class)) {
                return new ArrayList<>();
            }
            return null;
        }
    }
}

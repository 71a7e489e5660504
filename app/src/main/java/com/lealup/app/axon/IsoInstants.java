package com.lealup.app.axon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.lealup.api.UtcTimestamps;
import java.io.IOException;
import java.time.Instant;

/**
 * The event format reads the one form in which the event store writes instants, ISO 8601 in UTC
 * ({@code 2026-03-01T08:30:15.123456Z}: the payloads' instants and Axon's event timestamps), with
 * {@link UtcTimestamps#parseUtc} instead of {@code DateTimeFormatter}, whose parsing was a fifth of a replay's reading
 * of events (docs/PERFORMANCE.md, Replay). Anything else (an offset, a leap second, a year past 9999, lower case) is
 * read by {@code DateTimeFormatter}.
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /** For the event format's ObjectMapper: its instants read here first, then by JavaTimeModule's deserializer. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("iso-instants");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class ? new Reader(deserializer) : deserializer;
            }
        });
        return module;
    }

    /** A text in the stored form read by {@link UtcTimestamps#parseUtc}; anything else by the deserializer it wraps. */
    private static final class Reader extends StdDeserializer<Object> implements ContextualDeserializer {

        private final JsonDeserializer<?> delegate;

        Reader(JsonDeserializer<?> delegate) {
            super(Instant.class);
            this.delegate = delegate;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = UtcTimestamps.parseUtc(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return delegate.deserialize(parser, context);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            if (delegate instanceof ContextualDeserializer contextual) {
                JsonDeserializer<?> contextualized = contextual.createContextual(context, property);
                if (contextualized != delegate) {
                    return new Reader(contextualized);
                }
            }
            return this;
        }
    }
}

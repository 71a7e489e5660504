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
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Reads the one form in which the event store writes instants, ISO 8601 in UTC ({@code 2026-03-01T08:30:15.123456Z}:
 * the payloads' instants and Axon's event timestamps), without {@code DateTimeFormatter}, whose parsing was a fifth
 * of a replay's reading of events (docs/PERFORMANCE.md, Replay). Anything else (an offset, a leap second, a year past
 * 9999, lower case) is not read here: the callers read it as before.
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /** The instant {@code text} writes in that form; null when it is in another. */
    static Instant parse(CharSequence text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || length > 20 && text.charAt(19) != '.') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fraction = length == 20 ? 0 : digits(text, 20, length - 21);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
            return null;
        }
        for (int i = length - 21; i < 9; i++) {
            fraction *= 10;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, fraction);
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

    /** The decimal number of {@code count} digits at {@code from}; -1 if one is not a digit. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A text in the stored form read by {@link #parse}; anything else by the deserializer it wraps. */
    private static final class Reader extends StdDeserializer<Object> implements ContextualDeserializer {

        private final JsonDeserializer<?> delegate;

        Reader(JsonDeserializer<?> delegate) {
            super(Instant.class);
            this.delegate = delegate;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = parse(parser.getText());
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

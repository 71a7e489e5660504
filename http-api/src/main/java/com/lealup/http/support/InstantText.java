package com.lealup.http.support;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import com.lealup.api.UtcTimestamps;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Writes an {@link Instant} as Jackson's {@link InstantSerializer} writes it by default ({@code ISO_INSTANT}, the text
 * of {@link Instant#toString()}: seconds always, the fraction in groups of three digits as needed, {@code Z}) with
 * {@link UtcTimestamps#write} (a few divisions) instead of the general {@code DateTimeFormatter}, which was 8 % of a
 * list page's CPU (150 instants a page). Registered after Jackson's own (a module bean, added to the application's mapper by Spring Boot); an
 * {@code Instant} with a {@code @JsonFormat}, written as a timestamp, or outside the years 0000–9999 is written by
 * Jackson's own serializer. {@code InstantTextTest} holds the two alike.
 */
@Component
class InstantText extends SimpleModule {

    InstantText() {
        super("instant-text");
        addSerializer(Instant.class, new Serializer());
    }

    static final class Serializer extends InstantSerializer {

        /** Jackson asks this for every member (the shape it finds there is ANY): only a real format leaves it. */
        @Override
        protected InstantSerializer withFormat(Boolean useTimestamp, DateTimeFormatter formatter, JsonFormat.Shape shape) {
            if (useTimestamp == null && formatter == null) {
                return this;
            }
            return (InstantSerializer) super.withFormat(useTimestamp, formatter, shape);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            char[] text = new char[UtcTimestamps.MAX_LENGTH];
            int length = useTimestamp(provider) ? -1 : UtcTimestamps.write(value, text, 0);
            if (length < 0) {
                super.serialize(value, generator, provider);
                return;
            }
            generator.writeString(text, 0, length);
        }
    }
}

package com.lealup.http.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;

/**
 * A member of an answer that a read model keeps already written as the API writes a {@code T} (its JSON, with this
 * application's mapper): written as it is, without parsing it or building a {@code T}; the OpenAPI document describes
 * it as a {@code T} ({@link ApiModelResolver}). The read model is what keeps the JSON true to {@code T}.
 */
public record RenderedJson<T>(String json) implements JsonSerializable {

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
        generator.writeRawValue(json);
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer types)
            throws IOException {
        serialize(generator, serializers);
    }
}

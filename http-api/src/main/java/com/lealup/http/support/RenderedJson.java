package com.lealup.http.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;

/**
 * A member of an answer that a read model keeps already written as the API writes a {@code T} (its JSON, with this
 * application's mapper): written as it is, without parsing it or building a {@code T}; the OpenAPI document describes
 * it as a {@code T} ({@link ApiModelResolver}). The read model is what keeps the JSON true to {@code T}. Its UTF-8
 * bytes are worked out the first time it is written and kept with it, so one kept and written again (a customer of
 * a list page) is copied, not encoded, into the answer.
 */
public final class RenderedJson<T> implements JsonSerializable {

    private final SerializedString json;

    public RenderedJson(String json) {
        this.json = new SerializedString(json);
    }

    public String json() {
        return json.getValue();
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
        generator.writeRawValue(json);
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer types)
            throws IOException {
        serialize(generator, serializers);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RenderedJson<?> rendered && json().equals(rendered.json());
    }

    @Override
    public int hashCode() {
        return json().hashCode();
    }

    @Override
    public String toString() {
        return json();
    }
}

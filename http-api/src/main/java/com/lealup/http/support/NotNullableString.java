package com.lealup.http.support;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;

/**
 * A string member of a request body bound whole that may be absent but not null
 * ({@code @JsonDeserialize(using = NotNullableString.class)}): an explicit {@code null} is 400 {@code not_nullable}
 * naming the member, an absent member is null, for the caller's default. {@code @JsonSetter(nulls = FAIL)} cannot say
 * this on a record: Jackson fills a record's absent members with the same null provider, so absent would fail too.
 */
public final class NotNullableString extends StringDeserializer {

    @Override
    public String getNullValue(DeserializationContext context) throws InvalidNullException {
        throw InvalidNullException.from(context, null, context.constructType(String.class));
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return null;
    }
}

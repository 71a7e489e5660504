package com.lealup.http.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * A PATCH body: the typed values, and the fields sent as an explicit {@code null} (to clear), which a
 * typed record alone cannot tell from absent ones. Binding errors surface exactly as for any request body.
 */
public record PartialBody<T>(T value, Set<String> nulls) {

    public static <T> PartialBody<T> of(ObjectNode body, Class<T> type, ObjectMapper objectMapper) {
        try {
            T value = objectMapper.treeToValue(body, type);
            Set<String> nulls = new TreeSet<>();
            body.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                }
            });
            return new PartialBody<>(value, nulls);
        } catch (JsonProcessingException e) {
            throw new HttpMessageNotReadableException(e.getOriginalMessage(), e, null);
        }
    }
}

package com.lealup.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * An event's revision 1 (stored without a revision) to revision 2, which added one text field: the stored payload
 * gets the field with the value {@link #valueOf} finds for it. The stored events are never rewritten.
 */
abstract class AddedFieldUpcaster extends SingleEventUpcaster {

    /**
     * Reads and writes the payload as bytes with decimals kept exactly: through a {@code JsonNode} of the event
     * serializer, {@code 15.00} would come back as the double {@code 15.0}.
     */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final SimpleSerializedType revision1;
    private final SimpleSerializedType revision2;
    private final String field;

    AddedFieldUpcaster(Class<?> event, String field) {
        this.revision1 = new SimpleSerializedType(event.getName(), null);
        this.revision2 = new SimpleSerializedType(event.getName(), "2");
        this.field = field;
    }

    /** The added field's value for a stored revision 1 event; null when nothing stored tells it. */
    protected abstract String valueOf(IntermediateEventRepresentation representation);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return revision1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String value = valueOf(representation);
        return representation.upcastPayload(revision2, byte[].class, payload -> {
            try {
                JsonNode event = EXACT.readTree(payload);
                if (event instanceof ObjectNode fields && !fields.has(field)) {
                    fields.put(field, value);
                }
                return EXACT.writeValueAsBytes(event);
            } catch (IOException e) {
                throw new UncheckedIOException(revision1.getName() + " revision 1 is not JSON", e);
            }
        });
    }
}

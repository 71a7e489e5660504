package com.lealup.app.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * An event's revision 1 (stored without a revision) to revision 2: {@link #change} edits the stored JSON payload as
 * revision 2 reads it ({@link ExactJson}: decimals exact). The stored events are never rewritten.
 */
abstract class JsonPayloadUpcaster extends SingleEventUpcaster {

    private final SimpleSerializedType revision1;
    private final SimpleSerializedType revision2;

    JsonPayloadUpcaster(Class<?> event) {
        this.revision1 = new SimpleSerializedType(event.getName(), null);
        this.revision2 = new SimpleSerializedType(event.getName(), "2");
    }

    /** The edit that makes a stored revision 1 payload revision 2, knowing the event's representation (its metadata). */
    protected abstract Consumer<ObjectNode> change(IntermediateEventRepresentation representation);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return revision1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        Consumer<ObjectNode> change = change(representation);
        return representation.upcastPayload(revision2, byte[].class, payload -> {
            try {
                JsonNode event = ExactJson.MAPPER.readTree(payload);
                if (event instanceof ObjectNode fields) {
                    change.accept(fields);
                }
                return ExactJson.MAPPER.writeValueAsBytes(event);
            } catch (IOException e) {
                throw new UncheckedIOException(revision1.getName() + " revision 1 is not JSON", e);
            }
        });
    }
}

package com.lealup.app.axon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/** An event's revision 2 added one text field: a stored revision 1 payload gets it with the value {@link #valueOf} finds. */
abstract class AddedFieldUpcaster extends JsonPayloadUpcaster {

    private final String field;

    AddedFieldUpcaster(Class<?> event, String field) {
        super(event);
        this.field = field;
    }

    /** The added field's value for a stored revision 1 event; null when nothing stored tells it. */
    protected abstract String valueOf(IntermediateEventRepresentation representation);

    @Override
    protected Consumer<ObjectNode> change(IntermediateEventRepresentation representation) {
        String value = valueOf(representation);
        return fields -> {
            if (!fields.has(field)) {
                fields.put(field, value);
            }
        };
    }
}

package com.lealup.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.notification.NotificationRequested;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link NotificationRequested} revision 1 (stored without a revision) to 2, which added {@code customer_id} (the
 * customer whose key seals the text and data): revision 1 named none, so it is null, and its text and data, stored
 * in clear, are read as they are. The stored events are never rewritten.
 */
class NotificationRequestedUpcaster extends SingleEventUpcaster {

    private static final String TYPE = NotificationRequested.class.getName();
    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(TYPE, null);
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");
    /** Decimals of the data kept exactly (a {@code JsonNode} of doubles would turn {@code 15.00} into {@code 15.0}). */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, byte[].class, payload -> {
            try {
                JsonNode event = EXACT.readTree(payload);
                if (event instanceof ObjectNode fields && !fields.has("customer_id")) {
                    fields.putNull("customer_id");
                }
                return EXACT.writeValueAsBytes(event);
            } catch (IOException e) {
                throw new UncheckedIOException("NotificationRequested revision 1 is not JSON", e);
            }
        });
    }
}

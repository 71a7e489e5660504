package com.lealup.app.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Actor;
import com.lealup.api.MetadataKeys;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthTrigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link HealthScoreCalculated} revision 1 (stored without a revision) to 2, which added {@code trigger}. Revision 1
 * did not record why a score was calculated; what its metadata tells is kept: a user or API key caused it, so it was
 * a recalculation on demand ({@code manual}); else (the background sweep) the trigger stays null and the read side
 * names it (docs/health-model.md). The stored events are never rewritten.
 */
class HealthScoreCalculatedUpcaster extends SingleEventUpcaster {

    private static final String TYPE = HealthScoreCalculated.class.getName();
    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(TYPE, null);
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");
    /**
     * Reads and writes the payload as bytes with decimals kept exactly: through a {@code JsonNode} of the event
     * serializer, {@code 15.00} would come back as the double {@code 15.0}.
     */
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
        String trigger = trigger(representation.getMetaData().getObject());
        return representation.upcastPayload(REVISION_2, byte[].class, payload -> {
            try {
                JsonNode event = EXACT.readTree(payload);
                if (event instanceof ObjectNode fields && !fields.has("trigger")) {
                    fields.put("trigger", trigger);
                }
                return EXACT.writeValueAsBytes(event);
            } catch (IOException e) {
                throw new UncheckedIOException("HealthScoreCalculated revision 1 is not JSON", e);
            }
        });
    }

    private static String trigger(MetaData metaData) {
        Object actorType = metaData.get(MetadataKeys.ACTOR_TYPE);
        return actorType == null || Actor.SYSTEM.equals(actorType) ? null : HealthTrigger.MANUAL;
    }
}

package com.lealup.app.axon;

import com.lealup.api.Actor;
import com.lealup.api.MetadataKeys;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthTrigger;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * {@link HealthScoreCalculated} revision 1 to 2, which added {@code trigger}. Revision 1 did not record why a score
 * was calculated; what its metadata tells is kept: a user or API key caused it, so it was a recalculation on demand
 * ({@code manual}); else (the background sweep) the trigger stays null and the read side names it
 * (docs/health-model.md).
 */
class HealthScoreCalculatedUpcaster extends AddedFieldUpcaster {

    HealthScoreCalculatedUpcaster() {
        super(HealthScoreCalculated.class, "trigger");
    }

    @Override
    protected String valueOf(IntermediateEventRepresentation representation) {
        Object actorType = representation.getMetaData().getObject().get(MetadataKeys.ACTOR_TYPE);
        return actorType == null || Actor.SYSTEM.equals(actorType) ? null : HealthTrigger.MANUAL;
    }
}

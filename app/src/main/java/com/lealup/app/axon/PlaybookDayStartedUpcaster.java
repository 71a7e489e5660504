package com.lealup.app.axon;

import com.lealup.api.playbook.PlaybookDayStarted;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * {@link PlaybookDayStarted} revision 1 to 2, which added {@code workspace_id}: revision 1 came from the one calendar
 * of the whole deployment, so its day is null there, every workspace's.
 */
class PlaybookDayStartedUpcaster extends AddedFieldUpcaster {

    PlaybookDayStartedUpcaster() {
        super(PlaybookDayStarted.class, "workspace_id");
    }

    @Override
    protected String valueOf(IntermediateEventRepresentation representation) {
        return null;
    }
}

package com.lealup.app.axon;

import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Revision 2 added a field that nothing stored with revision 1 tells: it reads as null there, and the event's javadoc
 * says what null means for it ({@code PlaybookDayStarted.workspaceId}: every workspace's day;
 * {@code PlaybookTriggered.playbookVersion}: a run that only a playbook disabled or deleted now cancels).
 */
class UnknownFieldAddedUpcaster extends AddedFieldUpcaster {

    UnknownFieldAddedUpcaster(Class<?> event, String field) {
        super(event, field);
    }

    @Override
    protected String valueOf(IntermediateEventRepresentation representation) {
        return null;
    }
}

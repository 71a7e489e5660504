package com.lealup.app.axon;

import com.lealup.api.notification.NotificationRequested;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * {@link NotificationRequested} revision 1 to 2, which added {@code customer_id} (the customer whose key seals the
 * text and data): revision 1 named none, so it is null, and its text and data, stored in clear, are read as they are.
 */
class NotificationRequestedUpcaster extends AddedFieldUpcaster {

    NotificationRequestedUpcaster() {
        super(NotificationRequested.class, "customer_id");
    }

    @Override
    protected String valueOf(IntermediateEventRepresentation representation) {
        return null;
    }
}

package com.lealup.app.axon;

import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationRetryScheduled;
import com.lealup.api.playbook.PlaybookActionFailed;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Revision 1 to 2 of an event whose revision 2 added {@code customer_id}, the customer whose key seals its personal
 * data (docs/gdpr-erasure.md): revision 1 named none, so it is null, and its personal values, stored in clear, are
 * read as they are. {@link NotificationRequested} (text and data), {@link PlaybookActionFailed} (the error message),
 * {@link NotificationFailed} and {@link NotificationRetryScheduled} (the detail).
 */
class SubjectAddedUpcaster extends AddedFieldUpcaster {

    SubjectAddedUpcaster(Class<?> event) {
        super(event, "customer_id");
    }

    @Override
    protected String valueOf(IntermediateEventRepresentation representation) {
        return null;
    }
}

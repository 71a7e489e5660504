package com.lealup.automation.customer;

import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.ErasedIdempotencyKeys;
import com.lealup.api.customer.ErasedStoredEvents;
import com.lealup.api.projections.Lingers;
import com.lealup.write.bulkimport.ImportJobCustomersPort;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * What the erasure of a customer does outside the event format and the read models (docs/gdpr-erasure.md), from
 * {@link CustomerErased}, idempotent (handling it again finds nothing left to do), through the ports of the modules
 * that keep the data: the http-api's stored idempotent responses that name the customer
 * ({@link ErasedIdempotencyKeys}), and the values the event store and its dead letters hold in clear
 * ({@link ErasedStoredEvents}), among them the rows of the bulk imports that name the customer
 * ({@link ImportJobCustomersPort}).
 */
@Component
@ProcessingGroup("customer-erasure")
@Lingers
class CustomerErasurePolicy {

    private final ErasedIdempotencyKeys idempotencyKeys;
    private final ErasedStoredEvents storedEvents;
    private final ImportJobCustomersPort importJobs;

    CustomerErasurePolicy(ErasedIdempotencyKeys idempotencyKeys, ErasedStoredEvents storedEvents,
                          ImportJobCustomersPort importJobs) {
        this.idempotencyKeys = idempotencyKeys;
        this.storedEvents = storedEvents;
        this.importJobs = importJobs;
    }

    @EventHandler
    void on(CustomerErased event) {
        idempotencyKeys.erase(event.workspaceId(), event.customerId());
        storedEvents.erase(event.customerId(), importJobs.jobsNaming(event.customerId()));
    }
}

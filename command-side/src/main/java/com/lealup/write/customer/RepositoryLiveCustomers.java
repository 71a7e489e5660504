package com.lealup.write.customer;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * {@link LiveCustomers} through Axon's repository of customers: the load joins the unit of work of the command being
 * handled, so the customer cannot change until that command commits.
 */
@Component
class RepositoryLiveCustomers implements LiveCustomers {

    private final Repository<Customer> repository;

    RepositoryLiveCustomers(@Lazy Repository<Customer> repository) {
        this.repository = repository;
    }

    @Override
    public boolean isLive(String workspaceId, String customerId) {
        try {
            return repository.load(customerId).invoke(customer -> customer.isLiveIn(workspaceId));
        } catch (AggregateNotFoundException e) {
            // never existed, or purged
            return false;
        }
    }
}

package com.lealup.write.customer;

import com.lealup.api.DomainRejection;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.UpdateCustomer;
import java.time.Clock;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateInvocationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link CustomerWrites} through Axon's repository of customers: {@code newInstance} and {@code load} join the
 * unit of work of the command being handled, so the customers' events and claims commit with it.
 */
@Component
class RepositoryCustomerWrites implements CustomerWrites {

    private final Repository<Customer> repository;
    private final CustomerDirectory directory;
    private final JdbcClient jdbc;
    private final Clock clock;

    RepositoryCustomerWrites(@Lazy Repository<Customer> repository, CustomerDirectory directory, JdbcClient jdbc,
                             Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<String> holderOfEmailDomain(String workspaceId, String emailDomain) {
        return jdbc.sql("SELECT customer_id FROM customer_email_domain_claim WHERE workspace_id = ? AND email_domain = ?")
                .params(workspaceId, emailDomain).query(String.class).optional();
    }

    @Override
    public boolean exists(String workspaceId, String customerId) {
        return !jdbc.sql("SELECT 1 FROM customer_email_domain_claim WHERE workspace_id = ? AND customer_id = ?")
                .params(workspaceId, customerId).query(Integer.class).list().isEmpty();
    }

    @Override
    public void create(CreateCustomer command) {
        try {
            repository.newInstance(() -> new Customer(command, directory, clock));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long update(UpdateCustomer command) {
        try {
            return repository.load(command.customerId()).invoke(c -> c.handle(command, directory, clock));
        } catch (AggregateInvocationException e) {
            // the aggregate's refusal, wrapped by the invocation
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (AggregateNotFoundException e) {
            // purged (deleted for good) or never existed: as the API words a missing customer
            throw DomainRejection.notFound(command.customerId());
        }
    }
}

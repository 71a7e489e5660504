package com.lealup.write.customer;

import com.lealup.api.DomainRejection;
import com.lealup.api.Written;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.UpdateCustomer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateInvocationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link CustomerWrites} through Axon's repository of customers: {@code newInstance} and {@code load} join the
 * unit of work of the command being handled, so the customers' events and claims commit with it. The customers see
 * a {@link CustomerDirectory} that answers from what the unit of work already looked up: the reserved claims, and
 * the owners and segments resolved for an earlier customer of the same unit of work.
 */
@Component
class RepositoryCustomerWrites implements CustomerWrites {

    private static final String BATCH = RepositoryCustomerWrites.class.getName() + ".batch";

    private final Repository<Customer> repository;
    private final CustomerDirectory directory;
    private final CustomerKeys keys;
    private final JdbcClient jdbc;
    private final Clock clock;

    RepositoryCustomerWrites(@Lazy Repository<Customer> repository, CustomerDirectory directory, CustomerKeys keys,
                             JdbcClient jdbc, Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.keys = keys;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Map<String, String> holdersOfEmailDomains(String workspaceId, Collection<String> emailDomains) {
        Map<String, String> holders = new HashMap<>();
        jdbc.sql("""
                        SELECT email_domain, customer_id FROM customer_email_domain_claim
                        WHERE workspace_id = ? AND email_domain = ANY(?)""")
                .params(workspaceId, emailDomains.toArray(String[]::new))
                .query(rs -> {
                    holders.put(rs.getString(1), rs.getString(2));
                });
        return holders;
    }

    @Override
    public Set<String> existing(String workspaceId, Collection<String> customerIds) {
        return Set.copyOf(jdbc.sql("""
                        SELECT customer_id FROM customer_email_domain_claim
                        WHERE workspace_id = ? AND customer_id = ANY(?)""")
                .params(workspaceId, customerIds.toArray(String[]::new))
                .query(String.class).list());
    }

    @Override
    public void reserveEmailDomains(String workspaceId, Map<String, String> customerIdByDomain) {
        if (customerIdByDomain.isEmpty()) {
            return;
        }
        Batch batch = batch();
        jdbc.sql("""
                        INSERT INTO customer_email_domain_claim (workspace_id, email_domain, customer_id)
                        SELECT ?, domain, customer_id FROM unnest(?, ?) AS claim (domain, customer_id)
                        ON CONFLICT DO NOTHING RETURNING email_domain, customer_id""")
                .params(workspaceId, customerIdByDomain.keySet().toArray(String[]::new),
                        customerIdByDomain.values().toArray(String[]::new))
                .query(rs -> {
                    batch.reserved.put(new Claim(workspaceId, rs.getString(1)), rs.getString(2));
                });
    }

    @Override
    public void create(CreateCustomer command) {
        Batch batch = batch();
        try {
            repository.newInstance(() -> new Customer(command, batch, batch.keys, clock));
        } catch (RuntimeException e) {
            batch.release(command.workspaceId(), command.fields().emailDomain(), command.customerId());
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Written update(UpdateCustomer command) {
        Batch batch = batch();
        try {
            return repository.load(command.customerId()).invoke(c -> c.handle(command, batch, clock));
        } catch (AggregateInvocationException e) {
            // the aggregate's refusal, wrapped by the invocation
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (AggregateNotFoundException e) {
            // purged (deleted for good) or never existed: as the API words a missing customer
            throw DomainRejection.notFound(command.customerId());
        }
    }

    /**
     * The unit of work's batch, made on first use. Before commit, what it reserved and no create used is released,
     * and the keys of its new customers are created in one statement: made before the unit of work's first event,
     * this runs before the event store writes (and seals) the events, which then find the keys made.
     */
    private Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            root.onPrepareCommit(u -> {
                batch.reserved.forEach((claim, customerId) ->
                        directory.releaseEmailDomain(claim.workspaceId(), claim.emailDomain(), customerId));
                keys.create(batch.created);
            });
            return batch;
        });
    }

    private record Claim(String workspaceId, String emailDomain) {
    }

    /**
     * The directory the customers of one unit of work see: claims reserved in bulk are made already; owners and
     * segments found once are found (a refusal is asked again, so it is worded for its own customer).
     */
    private final class Batch implements CustomerDirectory {

        /** The customer id each claim was reserved for, until a create uses or releases it. */
        private final Map<Claim, String> reserved = new HashMap<>();
        private final Map<String, String> owners = new HashMap<>();
        private final Set<String> segments = new HashSet<>();
        /** The customers created, whose first events the commit writes. */
        private final List<String> created = new ArrayList<>();
        /** The keys the batch's customers see: their creation is left to the commit, all in one statement. */
        private final CustomerKeys keys = new CustomerKeys() {
            @Override
            public Optional<SecretKey> forWriting(String customerId) {
                return RepositoryCustomerWrites.this.keys.forWriting(customerId);
            }

            @Override
            public void create(Collection<String> customerIds) {
                created.addAll(customerIds);
            }

            @Override
            public Optional<SecretKey> forReading(String customerId) {
                return RepositoryCustomerWrites.this.keys.forReading(customerId);
            }

            @Override
            public boolean erased(String customerId) {
                return RepositoryCustomerWrites.this.keys.erased(customerId);
            }

            @Override
            public void destroy(String customerId) {
                RepositoryCustomerWrites.this.keys.destroy(customerId);
            }

            @Override
            public void awaitDestroyedEverywhere() {
                RepositoryCustomerWrites.this.keys.awaitDestroyedEverywhere();
            }
        };

        @Override
        public void claimEmailDomain(String workspaceId, String emailDomain, String customerId) {
            if (!customerId.equals(reserved.remove(new Claim(workspaceId, emailDomain)))) {
                directory.claimEmailDomain(workspaceId, emailDomain, customerId);
            }
        }

        @Override
        public void releaseEmailDomain(String workspaceId, String emailDomain, String customerId) {
            directory.releaseEmailDomain(workspaceId, emailDomain, customerId);
        }

        /** A reserved claim its customer was refused before using: freed for the next row that names the domain. */
        void release(String workspaceId, String emailDomain, String customerId) {
            if (customerId.equals(reserved.remove(new Claim(workspaceId, emailDomain)))) {
                directory.releaseEmailDomain(workspaceId, emailDomain, customerId);
            }
        }

        @Override
        public String resolveOwner(String workspaceId, String ownerId, String ownerEmail) {
            if (ownerId == null && ownerEmail == null) {
                return null;
            }
            String key = workspaceId + " " + ownerId + " " + ownerEmail;
            String owner = owners.get(key);
            if (owner == null) {
                owner = directory.resolveOwner(workspaceId, ownerId, ownerEmail);
                owners.put(key, owner);
            }
            return owner;
        }

        @Override
        public void requireSegment(String workspaceId, String segmentId) {
            if (segmentId != null && segments.add(workspaceId + " " + segmentId)) {
                try {
                    directory.requireSegment(workspaceId, segmentId);
                } catch (RuntimeException e) {
                    segments.remove(workspaceId + " " + segmentId);
                    throw e;
                }
            }
        }
    }
}

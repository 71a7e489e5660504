package com.lealup.automation.playbook;

import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.FindCustomer;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.SimpleQueryBus;

/** The customers read model as the runner asks it: every customer is found, but those put {@link #inTheTrash}. */
final class FoundCustomers {

    private final Set<String> trashed = new HashSet<>();
    private final QueryGateway gateway;

    FoundCustomers() {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        bus.subscribe(FindCustomer.class.getName(), CustomerView.class, (QueryMessage<?, ?> query) -> {
            FindCustomer find = (FindCustomer) query.getPayload();
            Instant created = Instant.EPOCH;
            return trashed.contains(find.customerId()) ? null : new CustomerView(find.customerId(), find.workspaceId(),
                    "Acme", "acme.com", null, "USD", "active", null, null, null, "pipeline", "{}", null, null, null,
                    created, created, 1, null, null);
        });
        gateway = DefaultQueryGateway.builder().queryBus(bus).build();
    }

    void inTheTrash(String customerId) {
        trashed.add(customerId);
    }

    QueryGateway gateway() {
        return gateway;
    }
}

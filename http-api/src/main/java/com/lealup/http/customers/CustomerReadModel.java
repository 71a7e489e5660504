package com.lealup.http.customers;

import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.FindCustomer;
import com.lealup.api.customer.FindCustomerVersion;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.ReadYourWrites;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** The customers read model as the customer endpoints need it: found or 404, and caught up with a write. */
@Component
class CustomerReadModel {

    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;

    CustomerReadModel(QueryGateway queries, ReadYourWrites readYourWrites) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    CustomerView find(Caller caller, String customerId) {
        CustomerView customer = queries.query(new FindCustomer(caller.workspaceId(), customerId),
                ResponseTypes.instanceOf(CustomerView.class)).join();
        if (customer == null) {
            throw ApiException.notFound("Customer '" + customerId + "' was not found");
        }
        return customer;
    }

    /** Waits until the read model shows {@code version} of the customer (read-your-writes). */
    void awaitVersion(String customerId, long version) {
        readYourWrites.await(new FindCustomerVersion(customerId), Long.class, shown -> shown >= version);
    }
}

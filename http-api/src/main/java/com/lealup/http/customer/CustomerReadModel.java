package com.lealup.http.customer;

import com.lealup.api.Written;
import com.lealup.api.customer.CustomerDetail;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.FindCustomer;
import com.lealup.api.customer.FindCustomerDetail;
import com.lealup.api.customer.FindCustomerVersion;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.ProcessingCatchUp;
import com.lealup.http.support.ReadYourWrites;
import com.lealup.http.task.TaskJson;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** The customers read model as the customer endpoints need it: found or 404, and caught up with a write. */
@Component
public class CustomerReadModel {

    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final ProcessingCatchUp catchUp;
    private final Clock clock;

    CustomerReadModel(QueryGateway queries, ReadYourWrites readYourWrites, ProcessingCatchUp catchUp, Clock clock) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.catchUp = catchUp;
        this.clock = clock;
    }

    public CustomerView find(Caller caller, String customerId) {
        return queries.query(new FindCustomer(caller.workspaceId(), customerId),
                ResponseTypes.optionalInstanceOf(CustomerView.class)).join().orElseThrow(() -> notFound(customerId));
    }

    /** The customer as {@code GET /v1/customers/{id}} shows it: with its renewal, open tasks and health breakdown. */
    CustomerJson.Detail detail(Caller caller, String customerId) {
        return json(queries.query(new FindCustomerDetail(caller.workspaceId(), customerId),
                ResponseTypes.optionalInstanceOf(CustomerDetail.class)).join().orElseThrow(() -> notFound(customerId)));
    }

    private CustomerJson.Detail json(CustomerDetail detail) {
        return CustomerJson.detail(detail.customer(), LocalDate.now(clock),
                detail.openTasks().stream().map(TaskJson::of).toList(), detail.openTaskCount(), detail.health());
    }

    private static ApiException notFound(String customerId) {
        return ApiException.notFound("Customer", customerId);
    }

    /**
     * Sends the customer's creation and answers the customer once the read model shows it; past the timeout the request
     * answers {@code accepted}.
     */
    CustomerJson.Detail create(Caller caller, String customerId, Runnable creation, Accepted accepted) {
        return write(caller, customerId, () -> {
            creation.run();
            return Written.creation();
        }, version -> accepted);
    }

    /**
     * Sends a write of the customer and answers the customer once the read model shows the version the write answers
     * (the projection's update carries it: no read after the wait); past the timeout the request answers
     * {@code accepted} of that version.
     */
    CustomerJson.Detail write(Caller caller, String customerId, Supplier<Written> write,
                              LongFunction<Accepted> accepted) {
        return json(readYourWrites.awaitWrite(new FindCustomerDetail(caller.workspaceId(), customerId),
                CustomerDetail.class, detail -> detail.customer().version(), write, accepted));
    }

    /**
     * Sends a change of the customer's contacts, which answers the customer's version after it and whether it changed
     * it (an update repeating the contact changes nothing), waits until the read model shows that version, and answers
     * the version shown; past the timeout the request answers {@code accepted} of that version.
     */
    long change(String customerId, Supplier<Written> change, LongFunction<Accepted> accepted) {
        return readYourWrites.awaitWrite(new FindCustomerVersion(customerId), Long.class, Long::longValue, change,
                accepted);
    }

    /**
     * Sends a deletion (the customer's or one of its contacts') and waits until the read model shows it, at most the
     * timeout: a DELETE answers 204 either way.
     */
    void awaitDeletion(String customerId, LongSupplier deletion) {
        readYourWrites.awaitChangeAtMost(new FindCustomerVersion(customerId), deletion);
    }

    /**
     * Sends an erasure and waits until every read model and policy has handled it (the customers read model among
     * them), at most the timeout: "afterwards no endpoint returns the personal data" holds from the answer on, though
     * the groups forget the customer each in its own time (the tasks' titles, a run's snapshot, the portfolio's top
     * risks, the stored idempotent responses, the usage log).
     */
    void awaitErasure(Runnable erasure) {
        erasure.run();
        catchUp.awaitEveryGroup();
    }
}

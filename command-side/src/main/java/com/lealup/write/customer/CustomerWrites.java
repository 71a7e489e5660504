package com.lealup.write.customer;

import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.UpdateCustomer;
import java.util.Optional;

/**
 * Creates and updates customers inside the unit of work of another command handler (an import job's chunk), by the
 * {@link Customer} aggregate's own rules: many customers and their claims in one transaction. A refusal is the
 * aggregate's {@link com.lealup.api.DomainRejection}, and leaves nothing behind.
 */
public interface CustomerWrites {

    /** The customer of the workspace holding {@code emailDomain}, trash included. */
    Optional<String> holderOfEmailDomain(String workspaceId, String emailDomain);

    /** Whether {@code customerId} is a customer of the workspace (not purged; the trash included). */
    boolean exists(String workspaceId, String customerId);

    void create(CreateCustomer command);

    /** Answers the customer's new version. */
    long update(UpdateCustomer command);
}

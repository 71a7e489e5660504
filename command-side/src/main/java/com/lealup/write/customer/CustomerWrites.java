package com.lealup.write.customer;

import com.lealup.api.Written;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.UpdateCustomer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Creates and updates customers inside the unit of work of another command handler (an import job's chunk), by the
 * {@link Customer} aggregate's own rules: many customers and their claims in one transaction. A refusal is the
 * aggregate's {@link com.lealup.api.DomainRejection}, and leaves nothing behind. The set lookups come in bulk, one
 * statement for many customers, as a chunk needs them.
 */
public interface CustomerWrites {

    /** The customers of the workspace holding these email domains (trash included): domain → customer id. */
    Map<String, String> holdersOfEmailDomains(String workspaceId, Collection<String> emailDomains);

    /** Which of these ids are customers of the workspace (not purged; the trash included). */
    Set<String> existing(String workspaceId, Collection<String> customerIds);

    /**
     * Claims in one statement the email domains (domain → new customer id) of customers this unit of work is about to
     * {@link #create}: such a create then finds its claim made. A domain another customer holds is not claimed (its
     * create is refused as usual), and a claim no create used (the customer was refused) is released.
     */
    void reserveEmailDomains(String workspaceId, Map<String, String> customerIdByDomain);

    void create(CreateCustomer command);

    /** Answers the customer's version after the update, and whether it changed. */
    Written update(UpdateCustomer command);
}

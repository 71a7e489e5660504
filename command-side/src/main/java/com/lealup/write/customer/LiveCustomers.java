package com.lealup.write.customer;

/**
 * Whether a customer may still be acted on, from its own events (never a read model, which may lag): of the workspace,
 * neither in the trash nor purged nor erased. For the commands of other aggregates about a customer.
 */
public interface LiveCustomers {

    boolean isLive(String workspaceId, String customerId);
}

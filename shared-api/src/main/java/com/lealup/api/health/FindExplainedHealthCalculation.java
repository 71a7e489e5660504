package com.lealup.api.health;

/**
 * The number of the customer's last calculation whose change the health changes read model explains (0: none); for
 * read-your-writes.
 */
public record FindExplainedHealthCalculation(String customerId) {
}

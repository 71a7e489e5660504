package com.lealup.api.health;

/** The number of the customer's last calculation the health read model shows (0: none); for read-your-writes. */
public record FindHealthCalculation(String customerId) {
}

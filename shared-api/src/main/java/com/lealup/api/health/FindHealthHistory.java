package com.lealup.api.health;

import java.time.Instant;
import java.time.LocalDate;

/** Daily or weekly points of a customer's score between two dates (inclusive), as of {@code now}. */
public record FindHealthHistory(String workspaceId, String customerId, LocalDate from, LocalDate to, boolean weekly,
                                Instant now) {
}

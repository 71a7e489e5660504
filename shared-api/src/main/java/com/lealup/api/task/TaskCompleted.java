package com.lealup.api.task;

import com.lealup.api.PersonalData;
import com.lealup.api.customer.AboutACustomer;
import java.time.Instant;

/**
 * A task was completed. Its {@code outcome}, free text as its {@code notes} are, is personal data too: sealed from the
 * first completion written with the annotation, and overwritten in clear ones by the customer's erasure.
 */
public record TaskCompleted(String taskId, String workspaceId, String customerId, @PersonalData String outcome,
                            @PersonalData String notes, Instant completedAt) implements AboutACustomer {
}

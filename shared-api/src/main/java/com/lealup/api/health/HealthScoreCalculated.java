package com.lealup.api.health;

import com.lealup.api.customer.AboutACustomer;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A customer's new health score (published only when it differs from the previous one). {@code calculation}
 * counts the customer's scores from 1; {@code score} and {@code status} are null without any data. When
 * {@code status} differs from {@code previousStatus} a {@link HealthStatusChanged} follows.
 * <p>
 * Revision 2 added {@code trigger} ({@link HealthTrigger}: what made the system score the customer). Events stored
 * before it are upcast: {@code manual} when a user or API key caused them, else null (the sweep's, whose cause was
 * not recorded; docs/health-model.md says how the read side names it).
 */
@Revision("2")
public record HealthScoreCalculated(String customerId, String workspaceId, long calculation, Integer score,
                                    String status, Integer previousScore, String previousStatus, int modelVersion,
                                    List<DimensionScore> dimensions, Instant calculatedAt, String trigger) implements AboutACustomer {
}

package com.lealup.api.analytics;

import com.lealup.api.customer.CustomerLifecycle;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code customerCount} counts every customer not deleted; {@code totalArr} and {@code healthDistribution} leave
 * churned customers out (docs/analytics.md). Both maps hold every status, zeros included.
 */
public record Portfolio(BigDecimal totalArr, long customerCount, Map<String, Tally> byStatus,
                        Map<String, Tally> healthDistribution, List<Risk> topRisks) {

    /** The health status of a customer without a score yet, or with a score made without data. */
    public static final String UNKNOWN_HEALTH = "unknown";
    /** The keys of {@code healthDistribution}. */
    public static final List<String> HEALTH_DISTRIBUTION = Stream.concat(CustomerLifecycle.HEALTH_STATUSES.stream(),
            Stream.of(UNKNOWN_HEALTH)).toList();

    /** An at-risk customer; {@code name} is its current name (null once purged). */
    public record Risk(String customerId, String name, BigDecimal arr, Integer healthScore, String status) {
    }
}

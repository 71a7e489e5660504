package com.lealup.api.analytics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * {@code customerCount} counts every customer not deleted; {@code totalArr} and {@code healthDistribution} leave
 * churned customers out (docs/analytics.md). Both maps hold every status, zeros included.
 */
public record Portfolio(BigDecimal totalArr, long customerCount, Map<String, Tally> byStatus,
                        Map<String, Tally> healthDistribution, List<Risk> topRisks) {

    /** An at-risk customer; {@code name} is its current name (null once purged). */
    public record Risk(String customerId, String name, BigDecimal arr, Integer healthScore, String status) {
    }
}

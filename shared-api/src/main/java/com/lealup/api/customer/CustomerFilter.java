package com.lealup.api.customer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The filters of the customer list, combined with AND; null means no filter. {@code today} anchors
 * {@code renewalWithinDays} (renewal date between today and today + N days).
 */
public record CustomerFilter(List<String> statuses, String ownerId, String segmentId, String healthStatus,
                             BigDecimal minArr, BigDecimal maxArr, Integer renewalWithinDays, String q,
                             LocalDate today) {

    /** The longest search text {@code q}, in characters. */
    public static final int MAX_SEARCH_LENGTH = 200;
}

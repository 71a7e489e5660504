package com.lealup.api.analytics;

import com.lealup.api.Nullable;
import java.math.BigDecimal;
import java.util.List;

/** Newest cohort first (docs/analytics.md has the definitions). */
public record Cohorts(List<Cohort> cohorts) {

    /** {@code cohort} is {@code YYYY-MM} or {@code YYYY-Qn}. */
    public record Cohort(String cohort, long size, BigDecimal startingArr, List<Period> periods) {
    }

    /** Ratios have 4 decimal places; {@code netArrRetention} is null for a cohort whose starting ARR is 0. */
    public record Period(int offset, long customers, BigDecimal logoRetention, BigDecimal arr,
                         @Nullable BigDecimal netArrRetention) {
    }
}

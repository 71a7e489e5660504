package com.lealup.api.analytics;

import java.math.BigDecimal;

/** A number of customers and the sum of their ARR (exact). */
public record Tally(long count, BigDecimal arr) {

    public static final Tally ZERO = new Tally(0, new BigDecimal("0.00"));

    public Tally plus(long count, BigDecimal arr) {
        return new Tally(this.count + count, this.arr.add(arr));
    }
}

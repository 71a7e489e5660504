package com.lealup.api.analytics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** One entry per calendar month of the range, empty months included. */
public record Renewals(List<Month> months) {

    /** {@code month} is {@code YYYY-MM}; {@code byForecastCategory} holds every category, zeros included. */
    public record Month(String month, long count, BigDecimal arr, Map<String, Tally> byForecastCategory) {
    }
}

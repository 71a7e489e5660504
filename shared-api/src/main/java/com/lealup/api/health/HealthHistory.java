package com.lealup.api.health;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

public record HealthHistory(List<Point> points) {

    /** The score in force at the end of {@code date} (daily) or the mean of the week's daily points (weekly). */
    public record Point(LocalDate date, BigDecimal score, String status) {
    }
}

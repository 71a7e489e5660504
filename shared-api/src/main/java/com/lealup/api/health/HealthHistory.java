package com.lealup.api.health;

import com.lealup.api.Nullable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

public record HealthHistory(List<Point> points) {

    /**
     * The score in force at the end of {@code date} (daily) or the mean of the week's daily points (weekly); null,
     * as its status, for a score without data (no enabled dimension has any).
     */
    public record Point(LocalDate date, @Nullable BigDecimal score, @Nullable String status) {
    }
}

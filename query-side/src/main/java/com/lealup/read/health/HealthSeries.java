package com.lealup.read.health;

import com.lealup.api.health.HealthHistory.Point;
import com.lealup.api.health.HealthModels;
import com.lealup.api.health.HealthThresholds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's score over time from its changes (oldest first): the daily series (the score in force at the end
 * of each UTC day; today: the current score; no point before the first score) and the weekly one (ISO weeks dated
 * Monday, the mean of their daily points in the range). Pure: the same changes give the same series.
 */
final class HealthSeries {

    record Change(Instant at, Integer score, String status) {
    }

    private final List<Change> changes;
    private final LocalDate today;

    HealthSeries(List<Change> changes, Instant now) {
        this.changes = changes;
        this.today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    List<Point> daily(LocalDate from, LocalDate to) {
        List<Point> points = new ArrayList<>();
        LocalDate last = to.isAfter(today) ? today : to;
        int next = 0;
        Change inForce = null;
        for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
            Instant endOfDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            while (next < changes.size() && (day.equals(today) || changes.get(next).at().isBefore(endOfDay))) {
                inForce = changes.get(next++);
            }
            if (inForce != null) {
                points.add(new Point(day, inForce.score() == null ? null : BigDecimal.valueOf(inForce.score()),
                        inForce.status()));
            }
        }
        return points;
    }

    List<Point> weekly(LocalDate from, LocalDate to, HealthThresholds thresholds) {
        Map<LocalDate, List<BigDecimal>> byWeek = new LinkedHashMap<>();
        for (Point day : daily(from, to)) {
            byWeek.computeIfAbsent(day.date().with(DayOfWeek.MONDAY), w -> new ArrayList<>()).add(day.score());
        }
        List<Point> points = new ArrayList<>();
        byWeek.forEach((monday, scores) -> {
            List<BigDecimal> known = scores.stream().filter(Objects::nonNull).toList();
            BigDecimal mean = known.isEmpty() ? null : known.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(known.size()), 1, RoundingMode.HALF_UP);
            points.add(new Point(monday, mean, statusOf(mean, thresholds)));
        });
        return points;
    }

    private static String statusOf(BigDecimal mean, HealthThresholds thresholds) {
        if (mean == null) {
            return null;
        }
        return mean.compareTo(BigDecimal.valueOf(thresholds.healthy())) >= 0 ? HealthModels.HEALTHY
                : mean.compareTo(BigDecimal.valueOf(thresholds.atRisk())) < 0 ? HealthModels.AT_RISK : HealthModels.NEUTRAL;
    }
}

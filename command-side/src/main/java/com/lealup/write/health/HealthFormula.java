package com.lealup.write.health;

import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.health.HealthModels;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health formula of docs/health-model.md: each enabled dimension with data scores 0-100; the weights of those
 * dimensions are renormalised to 100; the score is the rounded sum of the contributions. Pure and deterministic:
 * everything time-dependent is relative to {@code now}.
 */
final class HealthFormula {

    /** Activity per seat expected in 30 days for a full seat score (one a working day). */
    static final int EXPECTED_ACTIVITY_PER_SEAT = 20;
    /** Engagement is full up to this many days since the last touchpoint, and 0 from {@link #ENGAGEMENT_ZERO_DAYS}. */
    static final int ENGAGEMENT_FULL_DAYS = 7;
    static final int ENGAGEMENT_ZERO_DAYS = 67;
    /** Points a weighted open ticket costs; the weights by priority. */
    static final int SUPPORT_POINTS = 10;
    static final int LOW = 1;
    static final int NORMAL = 2;
    static final int HIGH = 3;
    static final int URGENT = 5;
    static final int POINTS_PER_OVERDUE_INVOICE = 40;

    public record Result(Integer score, String status, List<DimensionScore> dimensions) {
    }

    private HealthFormula() {
    }

    public static Result score(HealthModelView model, HealthSignals signals, Instant now) {
        Map<String, DimensionScore> raw = new LinkedHashMap<>();
        int totalWeight = 0;
        for (DimensionSetting setting : model.dimensions()) {
            if (!setting.enabled()) {
                continue;
            }
            DimensionScore dimension = dimension(setting.key(), signals, now);
            if (dimension != null) {
                raw.put(setting.key(), dimension);
                totalWeight += setting.weight();
            }
        }
        if (raw.isEmpty()) {
            return new Result(null, null, List.of());
        }
        List<DimensionSetting> scored = model.dimensions().stream().filter(s -> raw.containsKey(s.key())).toList();
        List<BigDecimal> weights = percentages(scored.stream().mapToInt(DimensionSetting::weight).toArray(), totalWeight);
        List<DimensionScore> dimensions = new ArrayList<>();
        long weightedPoints = 0;
        for (int i = 0; i < scored.size(); i++) {
            DimensionSetting setting = scored.get(i);
            DimensionScore d = raw.get(setting.key());
            // from the weight shown, so that a client finds weight × score / 100 in the fields it reads
            BigDecimal contribution = weights.get(i).multiply(BigDecimal.valueOf(d.score())).movePointLeft(2);
            weightedPoints += (long) setting.weight() * d.score();
            dimensions.add(new DimensionScore(d.key(), weights.get(i), d.score(), round2(contribution), d.signals()));
        }
        // the score is the exact fraction weightedPoints / totalWeight rounded half-up, not the sum of the rounded
        // weights' contributions: those (20 / 70 = 28.57) could fall short of a half (69.5 → 69)
        int score = (int) ((2 * weightedPoints + totalWeight) / (2L * totalWeight));
        return new Result(score, model.thresholds().statusOf(score), List.copyOf(dimensions));
    }

    /** The dimension's score and signals, or null when it has no data. */
    static DimensionScore dimension(String key, HealthSignals s, Instant now) {
        return switch (key) {
            case HealthModels.PRODUCT_USAGE -> productUsage(s);
            case HealthModels.ENGAGEMENT -> engagement(s, now);
            case HealthModels.SUPPORT -> support(s);
            case HealthModels.NPS -> s.npsScore() == null ? null
                    : of(key, s.npsScore() * 10, Map.of("latest_nps", s.npsScore()));
            case HealthModels.FINANCIAL -> s.invoicesSeen()
                    ? of(key, hundredLess(POINTS_PER_OVERDUE_INVOICE * Math.max(0, s.overdueInvoices())),
                    Map.of("overdue_invoices", Math.max(0, s.overdueInvoices())))
                    : null;
            default -> throw new IllegalArgumentException("unknown dimension " + key);
        };
    }

    private static DimensionScore productUsage(HealthSignals s) {
        if (!s.activitySeen()) {
            return null;
        }
        long recent = s.activityLast30Days();
        long previous = s.activityPrevious30Days();
        Points trend = previous == 0 ? Points.whole(recent > 0 ? 100 : 0) : Points.percentCapped(recent, previous);
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("events_last_30d", recent);
        signals.put("events_previous_30d", previous);
        signals.put("trend_score", trend.rounded());
        Points score = trend;
        if (s.seats() != null && s.seats() > 0) {
            Points perSeat = Points.percentCapped(recent, (long) EXPECTED_ACTIVITY_PER_SEAT * s.seats());
            signals.put("seats", s.seats());
            signals.put("seat_score", perSeat.rounded());
            // the signals show both parts rounded; the dimension is the mean of their exact values, rounded once
            score = trend.meanWith(perSeat);
        }
        return of(HealthModels.PRODUCT_USAGE, score.rounded(), signals);
    }

    /** An exact fraction of points, so that a score is rounded once, at the end (docs/health-model.md). */
    private record Points(BigInteger numerator, BigInteger denominator) {

        static Points whole(long points) {
            return new Points(BigInteger.valueOf(points), BigInteger.ONE);
        }

        /** {@code min(100, 100 × part / whole)}. */
        static Points percentCapped(long part, long whole) {
            BigInteger hundredTimesPart = BigInteger.valueOf(part).multiply(BigInteger.valueOf(100));
            BigInteger wholeBig = BigInteger.valueOf(whole);
            return hundredTimesPart.compareTo(wholeBig.multiply(BigInteger.valueOf(100))) >= 0
                    ? whole(100) : new Points(hundredTimesPart, wholeBig);
        }

        Points meanWith(Points other) {
            return new Points(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                    denominator.multiply(other.denominator).shiftLeft(1));
        }

        /** Half-up to a whole number (the points are never negative). */
        int rounded() {
            return numerator.shiftLeft(1).add(denominator).divide(denominator.shiftLeft(1)).intValueExact();
        }
    }

    private static DimensionScore engagement(HealthSignals s, Instant now) {
        if (s.lastTouchpointAt() == null) {
            return null;
        }
        long days = Math.max(0, Duration.between(s.lastTouchpointAt(), now).toDays());
        int score = days <= ENGAGEMENT_FULL_DAYS ? 100 : days >= ENGAGEMENT_ZERO_DAYS ? 0
                : (int) Math.round(100.0 * (ENGAGEMENT_ZERO_DAYS - days) / (ENGAGEMENT_ZERO_DAYS - ENGAGEMENT_FULL_DAYS));
        return of(HealthModels.ENGAGEMENT, score,
                Map.of("days_since_last_touchpoint", days, "last_touchpoint_at", s.lastTouchpointAt().toString()));
    }

    private static DimensionScore support(HealthSignals s) {
        if (!s.supportSeen()) {
            return null;
        }
        long low = Math.max(0, s.ticketsLow());
        long normal = Math.max(0, s.ticketsNormal());
        long high = Math.max(0, s.ticketsHigh());
        long urgent = Math.max(0, s.ticketsUrgent());
        long load = LOW * low + NORMAL * normal + HIGH * high + URGENT * urgent;
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("open_tickets", Map.of("low", low, "normal", normal, "high", high, "urgent", urgent));
        signals.put("weighted_load", load);
        return of(HealthModels.SUPPORT, hundredLess(SUPPORT_POINTS * load), signals);
    }

    /**
     * 100 less the points lost, never below 0. In longs: counts of tickets or invoices reach 2^31, and an int times
     * their points wrapped around (107,374,182 overdue invoices scored 116, 85,899,346 urgent tickets 96).
     */
    private static int hundredLess(long pointsLost) {
        return (int) Math.max(0, 100 - pointsLost);
    }

    private static DimensionScore of(String key, int score, Map<String, Object> signals) {
        return new DimensionScore(key, null, score, null, signals);
    }

    /**
     * Each weight's share of {@code total} in percent, to 2 decimals, adding up to exactly 100.00 (largest remainder:
     * three equal weights are 33.34, 33.33 and 33.33, not three times 33.33).
     */
    static List<BigDecimal> percentages(int[] weights, int total) {
        long[] hundredths = new long[weights.length];
        long[] remainders = new long[weights.length];
        long left = 10_000;
        for (int i = 0; i < weights.length; i++) {
            hundredths[i] = weights[i] * 10_000L / total;
            remainders[i] = weights[i] * 10_000L % total;
            left -= hundredths[i];
        }
        // the first of equal remainders first: the model's order decides, so every calculation gives the same
        Integer[] order = new Integer[weights.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> remainders[i]).reversed());
        for (int k = 0; k < left; k++) {
            hundredths[order[k]]++;
        }
        return Arrays.stream(hundredths).mapToObj(h -> BigDecimal.valueOf(h, 2)).toList();
    }

    private static BigDecimal round2(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}

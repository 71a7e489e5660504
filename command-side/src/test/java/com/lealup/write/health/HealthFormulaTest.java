package com.lealup.write.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.health.HealthModels;
import com.lealup.api.health.HealthThresholds;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The formulas of docs/health-model.md, dimension by dimension, at a fixed instant. */
class HealthFormulaTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final HealthSignals NONE = HealthSignals.NONE;

    private static HealthSignals activity(long recent, long previous, Long seats) {
        return new HealthSignals(true, recent, previous, seats, null, false, 0, 0, 0, 0, null, false, 0);
    }

    private static HealthSignals touchpoint(Duration ago) {
        return new HealthSignals(false, 0, 0, null, NOW.minus(ago), false, 0, 0, 0, 0, null, false, 0);
    }

    private static HealthSignals tickets(long low, long normal, long high, long urgent) {
        return new HealthSignals(false, 0, 0, null, null, true, low, normal, high, urgent, null, false, 0);
    }

    private static HealthSignals invoices(long overdue) {
        return new HealthSignals(false, 0, 0, null, null, false, 0, 0, 0, 0, null, true, overdue);
    }

    private static int score(String key, HealthSignals signals) {
        return HealthFormula.dimension(key, signals, NOW).score();
    }

    @Test
    void productUsageComparesTheLast30DaysWithThePrevious30AndWithTheSeats() {
        assertThat(score(HealthModels.PRODUCT_USAGE, activity(50, 100, null))).isEqualTo(50);
        assertThat(score(HealthModels.PRODUCT_USAGE, activity(150, 100, null))).isEqualTo(100);
        assertThat(score(HealthModels.PRODUCT_USAGE, activity(10, 0, null))).isEqualTo(100);
        assertThat(score(HealthModels.PRODUCT_USAGE, activity(0, 0, null))).as("activity long ago only").isZero();
        // trend 100, seats: 100 of 20 × 10 expected = 50 → mean 75
        assertThat(score(HealthModels.PRODUCT_USAGE, activity(100, 50, 10L))).isEqualTo(75);
        assertThat(HealthFormula.dimension(HealthModels.PRODUCT_USAGE, NONE, NOW)).isNull();
    }

    @Test
    void productUsageRoundsOnceTheMeanOfTheExactTrendAndSeatScores() {
        // 1 event, 2 seats: seat score 100 × 1 / 40 = 2.5 (shown 3), mean (100 + 2.5) / 2 = 51.25 → 51, not 52
        DimensionScore usage = HealthFormula.dimension(HealthModels.PRODUCT_USAGE, activity(1, 0, 2L), NOW);
        assertThat(usage.signals()).containsEntry("trend_score", 100).containsEntry("seat_score", 3);
        assertThat(usage.score()).isEqualTo(51);
        // 101 events, 10 seats: seat score 50.5 (shown 51), mean 75.25 → 75
        assertThat(score(HealthModels.PRODUCT_USAGE, activity(101, 50, 10L))).isEqualTo(75);
        // trend 100 × 1 / 6 = 16.67 and seat score 100 × 1 / 300 = 0.33 are exactly 17 together: 8.5 rounds up
        assertThat(score(HealthModels.PRODUCT_USAGE, activity(1, 6, 15L))).isEqualTo(9);
    }

    @Test
    void anyNumberOfSeatsTheApiAcceptsCountsWhole() {
        for (long seats : new long[] {4_294_967_297L, 4_294_967_296L, 999_999_999_999_999L}) {
            DimensionScore usage = HealthFormula.dimension(HealthModels.PRODUCT_USAGE, activity(20, 10, seats), NOW);
            assertThat(usage.signals()).as("%d seats", seats).containsEntry("seats", seats)
                    .containsEntry("seat_score", 0);
            assertThat(usage.score()).as("the mean of trend 100 and seat score 0").isEqualTo(50);
        }
    }

    @Test
    void engagementFallsFromFullAfter7DaysToZeroAt67() {
        assertThat(score(HealthModels.ENGAGEMENT, touchpoint(Duration.ofDays(7)))).isEqualTo(100);
        assertThat(score(HealthModels.ENGAGEMENT, touchpoint(Duration.ofDays(37)))).isEqualTo(50);
        assertThat(score(HealthModels.ENGAGEMENT, touchpoint(Duration.ofDays(67)))).isZero();
        assertThat(score(HealthModels.ENGAGEMENT, touchpoint(Duration.ofDays(400)))).isZero();
        assertThat(HealthFormula.dimension(HealthModels.ENGAGEMENT, NONE, NOW)).isNull();
    }

    @Test
    void supportLosesTenPointsPerWeightedOpenTicket() {
        assertThat(score(HealthModels.SUPPORT, tickets(0, 0, 0, 0))).as("all closed").isEqualTo(100);
        assertThat(score(HealthModels.SUPPORT, tickets(1, 1, 1, 0))).isEqualTo(100 - 10 * (1 + 2 + 3));
        assertThat(score(HealthModels.SUPPORT, tickets(0, 0, 0, 3))).isZero();
        assertThat(score(HealthModels.SUPPORT, tickets(-2, 0, 0, 0))).as("closed before opened").isEqualTo(100);
        assertThat(score(HealthModels.SUPPORT, tickets(0, 0, 0, 85_899_346))).as("10 × 5 × urgent past an int").isZero();
        DimensionScore flooded = HealthFormula.dimension(HealthModels.SUPPORT,
                tickets(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), NOW);
        assertThat(flooded.score()).isZero();
        assertThat(flooded.signals()).containsEntry("weighted_load", 11L * Integer.MAX_VALUE);
        DimensionScore beyondAnInt = HealthFormula.dimension(HealthModels.SUPPORT, tickets(1L << 32, 0, 0, 1), NOW);
        assertThat(beyondAnInt.score()).isZero();
        assertThat(beyondAnInt.signals()).containsEntry("weighted_load", (1L << 32) + 5)
                .containsEntry("open_tickets", Map.of("low", 1L << 32, "normal", 0L, "high", 0L, "urgent", 1L));
        assertThat(HealthFormula.dimension(HealthModels.SUPPORT, NONE, NOW)).isNull();
    }

    @Test
    void npsIsTheLatestAnswerTimesTen() {
        HealthSignals nps = new HealthSignals(false, 0, 0, null, null, false, 0, 0, 0, 0, 7, false, 0);
        assertThat(score(HealthModels.NPS, nps)).isEqualTo(70);
        assertThat(HealthFormula.dimension(HealthModels.NPS, NONE, NOW)).isNull();
    }

    @Test
    void financialLosesFortyPointsPerOverdueInvoice() {
        assertThat(score(HealthModels.FINANCIAL, invoices(0))).isEqualTo(100);
        assertThat(score(HealthModels.FINANCIAL, invoices(1))).isEqualTo(60);
        assertThat(score(HealthModels.FINANCIAL, invoices(3))).isZero();
        assertThat(score(HealthModels.FINANCIAL, invoices(-1))).as("paid more than overdue").isEqualTo(100);
        assertThat(score(HealthModels.FINANCIAL, invoices(107_374_182))).as("40 × overdue past an int").isZero();
        assertThat(score(HealthModels.FINANCIAL, invoices(Integer.MAX_VALUE))).isZero();
        DimensionScore beyondAnInt = HealthFormula.dimension(HealthModels.FINANCIAL, invoices(1L << 32), NOW);
        assertThat(beyondAnInt.score()).isZero();
        assertThat(beyondAnInt.signals()).containsEntry("overdue_invoices", 1L << 32);
        assertThat(HealthFormula.dimension(HealthModels.FINANCIAL, NONE, NOW)).isNull();
    }

    @Test
    void dimensionsWithoutDataAreLeftOutAndTheOtherWeightsRenormalised() {
        // product usage 50 (weight 35) and financial 60 (weight 15): weights become 70 % and 30 %
        HealthSignals signals = new HealthSignals(true, 50, 100, null, null, false, 0, 0, 0, 0, null, true, 1);
        HealthFormula.Result result = HealthFormula.score(HealthModels.DEFAULT, signals, NOW);

        assertThat(result.dimensions()).extracting(DimensionScore::key).containsExactly("product_usage", "financial");
        assertThat(result.dimensions()).extracting(DimensionScore::weight)
                .containsExactly(new BigDecimal("70.00"), new BigDecimal("30.00"));
        assertThat(result.dimensions()).extracting(DimensionScore::contribution)
                .containsExactly(new BigDecimal("35.00"), new BigDecimal("18.00"));
        assertThat(result.score()).isEqualTo(53);
        assertThat(result.status()).isEqualTo("neutral");
    }

    /** Shown to 2 decimals, the effective weights still add up to 100: the hundredths go to the largest remainders. */
    @Test
    void theEffectiveWeightsAddUpToExactlyAHundred() {
        assertThat(HealthFormula.percentages(new int[] {15, 15, 15}, 45)).containsExactly(new BigDecimal("33.34"),
                new BigDecimal("33.33"), new BigDecimal("33.33"));
        assertThat(HealthFormula.percentages(new int[] {35, 20, 15}, 70)).containsExactly(new BigDecimal("50.00"),
                new BigDecimal("28.57"), new BigDecimal("21.43"));
        assertThat(HealthFormula.percentages(new int[] {1, 1, 1, 1, 1, 1}, 6)).containsExactly(
                new BigDecimal("16.67"), new BigDecimal("16.67"), new BigDecimal("16.67"), new BigDecimal("16.67"),
                new BigDecimal("16.66"), new BigDecimal("16.66"));

        // support, NPS and financial alone: 15 each of 45
        HealthSignals signals = new HealthSignals(false, 0, 0, null, null, true, 0, 0, 1, 0, 7, true, 1);
        HealthFormula.Result result = HealthFormula.score(HealthModels.DEFAULT, signals, NOW);
        assertThat(result.dimensions()).extracting(DimensionScore::key).containsExactly("support", "nps", "financial");
        assertThat(result.dimensions().stream().map(DimensionScore::weight).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("100");
    }

    /** API.md §4: contribution = weight × score / 100, of the weight the answer shows (2 decimals, half-up). */
    @Test
    void eachContributionIsTheShownWeightTimesTheDimensionsScore() {
        // product usage 100 (35 of 65), support 70 (one high ticket) and NPS 80 (15 each): 53.84 %, 23.08 %, 23.08 %
        HealthSignals signals = new HealthSignals(true, 5, 0, null, null, true, 0, 0, 1, 0, 8, false, 0);
        HealthFormula.Result result = HealthFormula.score(HealthModels.DEFAULT, signals, NOW);

        assertThat(result.dimensions()).extracting(DimensionScore::weight).containsExactly(new BigDecimal("53.84"),
                new BigDecimal("23.08"), new BigDecimal("23.08"));
        assertThat(result.dimensions()).extracting(DimensionScore::score).containsExactly(100, 70, 80);
        // of the exact weights (53.846..., 23.076...) they would be 53.85 and 16.15
        assertThat(result.dimensions()).extracting(DimensionScore::contribution).containsExactly(
                new BigDecimal("53.84"), new BigDecimal("16.16"), new BigDecimal("18.46"));
        // the score is of the exact weights: 5,750 / 65 = 88.46
        assertThat(result.score()).isEqualTo(88);
    }

    @Test
    void theScoreIsTheExactSumOfTheRenormalisedContributionsRoundedHalfUp() {
        // product usage 79 (35 → 50 %), engagement 90 (20 → 28.57 %), NPS 20 (15 → 21.43 %), weights over 70:
        // (35 × 79 + 20 × 90 + 15 × 20) / 70 = 69.5 exactly, so 70 and healthy (not 69.4999999998 → 69, neutral)
        HealthSignals signals = new HealthSignals(true, 79, 100, null, NOW.minus(Duration.ofDays(13)), false, 0, 0, 0,
                0, 2, false, 0);
        HealthFormula.Result result = HealthFormula.score(HealthModels.DEFAULT, signals, NOW);

        assertThat(result.dimensions()).extracting(DimensionScore::score).containsExactly(79, 90, 20);
        assertThat(result.score()).isEqualTo(70);
        assertThat(result.status()).isEqualTo("healthy");
    }

    @Test
    void disabledDimensionsDoNotCountAndThresholdsDecideTheStatus() {
        HealthModelView model = new HealthModelView(2, List.of(
                new DimensionSetting(HealthModels.PRODUCT_USAGE, false, 0),
                new DimensionSetting(HealthModels.ENGAGEMENT, true, 50),
                new DimensionSetting(HealthModels.SUPPORT, true, 50),
                new DimensionSetting(HealthModels.NPS, false, 0),
                new DimensionSetting(HealthModels.FINANCIAL, false, 0)), new HealthThresholds(90, 60));
        HealthSignals signals = new HealthSignals(true, 0, 100, null, NOW.minus(Duration.ofDays(1)), true, 0, 0, 1, 0,
                2, true, 5);
        HealthFormula.Result result = HealthFormula.score(model, signals, NOW);
        assertThat(result.dimensions()).extracting(DimensionScore::key).containsExactly("engagement", "support");
        assertThat(result.score()).isEqualTo(85); // (100 + 70) / 2
        assertThat(result.status()).isEqualTo("neutral");
        assertThat(HealthFormula.score(model, touchpoint(Duration.ofDays(60)), NOW).status()).isEqualTo("at_risk");
    }

    @Test
    void aCustomerWithNoDataHasNoScore() {
        HealthFormula.Result result = HealthFormula.score(HealthModels.DEFAULT, NONE, NOW);
        assertThat(result.score()).isNull();
        assertThat(result.status()).isNull();
        assertThat(result.dimensions()).isEmpty();
    }

    @Test
    void theSameSignalsAtTheSameInstantGiveTheSameScore() {
        HealthSignals signals = new HealthSignals(true, 33, 41, 3L, NOW.minus(Duration.ofDays(12)), true, 1, 2, 0, 0, 6,
                true, 1);
        assertThat(HealthFormula.score(HealthModels.DEFAULT, signals, NOW))
                .isEqualTo(HealthFormula.score(HealthModels.DEFAULT, signals, NOW));
    }
}

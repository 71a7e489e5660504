package com.lealup.write.health;

import static com.lealup.write.RejectionMatcher.invalidFields;
import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.health.ChangeHealthModel;
import com.lealup.api.health.ChangeHealthModel.DimensionChange;
import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.HealthModels;
import com.lealup.api.health.HealthThresholds;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class HealthModelTest {

    private static final String WS = "wsp_1";
    private static final String ID = HealthModels.modelId(WS);
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private static AggregateTestFixture<HealthModel> fixture() {
        AggregateTestFixture<HealthModel> fixture = new AggregateTestFixture<>(HealthModel.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        return fixture;
    }

    private static ChangeHealthModel change(Integer expected, List<DimensionChange> dimensions, Integer healthy, Integer atRisk) {
        return new ChangeHealthModel(ID, WS, expected, dimensions, healthy, atRisk);
    }

    private static final List<DimensionChange> WITHOUT_NPS = List.of(new DimensionChange(HealthModels.NPS, false, null),
            new DimensionChange(HealthModels.PRODUCT_USAGE, null, 50));

    private static final List<DimensionSetting> WITHOUT_NPS_MODEL = List.of(
            new DimensionSetting(HealthModels.PRODUCT_USAGE, true, 50),
            new DimensionSetting(HealthModels.ENGAGEMENT, true, 20),
            new DimensionSetting(HealthModels.SUPPORT, true, 15),
            new DimensionSetting(HealthModels.NPS, false, 15),
            new DimensionSetting(HealthModels.FINANCIAL, true, 15));

    @Test
    void theFirstChangeMergesIntoTheDefaultModelAsVersion2() {
        fixture().givenNoPriorActivity()
                .when(change(null, WITHOUT_NPS, null, 45))
                .expectEvents(new HealthModelChanged(WS, 2, WITHOUT_NPS_MODEL, new HealthThresholds(70, 45), NOW))
                .expectResultMessagePayload(2);
    }

    @Test
    void everyChangeBumpsTheVersion() {
        fixture().given(new HealthModelChanged(WS, 2, WITHOUT_NPS_MODEL, new HealthThresholds(70, 45), NOW))
                .when(change(2, List.of(), 80, null))
                .expectEvents(new HealthModelChanged(WS, 3, WITHOUT_NPS_MODEL, new HealthThresholds(80, 45), NOW))
                .expectResultMessagePayload(3);
    }

    @Test
    void aChangeThatChangesNothingCausesNoEvent() {
        fixture().given(new HealthModelChanged(WS, 2, WITHOUT_NPS_MODEL, new HealthThresholds(70, 45), NOW))
                .when(change(null, List.of(new DimensionChange(HealthModels.NPS, false, null)), 70, null))
                .expectNoEvents()
                .expectResultMessagePayload(2);
    }

    @Test
    void aChangeThatChangesNothingOfTheDefaultModelKeepsVersion1() {
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(new DimensionChange(HealthModels.NPS, true, 15)), 70, null))
                .expectNoEvents()
                .expectResultMessagePayload(1);
    }

    @Test
    void enabledWeightsMustAddUpTo100() {
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(new DimensionChange(HealthModels.NPS, false, null)), null, null))
                .expectException(rejection(Kind.INVALID, "out_of_range", "dimensions"));
    }

    @Test
    void anEnabledDimensionNeedsAPositiveWeight() {
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(new DimensionChange(HealthModels.NPS, null, 0),
                        new DimensionChange(HealthModels.PRODUCT_USAGE, null, 50)), null, null))
                .expectException(rejection(Kind.INVALID, "must_be_positive", "dimensions[0].weight"));
        // enabled with the weight it has, 0: the error names the weight the change lacks
        List<DimensionSetting> npsOffAtZero = List.of(new DimensionSetting(HealthModels.PRODUCT_USAGE, true, 50),
                new DimensionSetting(HealthModels.ENGAGEMENT, true, 20), new DimensionSetting(HealthModels.SUPPORT, true, 15),
                new DimensionSetting(HealthModels.NPS, false, 0), new DimensionSetting(HealthModels.FINANCIAL, true, 15));
        fixture().given(new HealthModelChanged(WS, 2, npsOffAtZero, new HealthThresholds(70, 45), NOW))
                .when(change(null, List.of(new DimensionChange(HealthModels.PRODUCT_USAGE, null, 35),
                        new DimensionChange(HealthModels.NPS, true, null)), null, null))
                .expectException(rejection(Kind.INVALID, "must_be_positive", "dimensions[1].weight"));
    }

    @Test
    void atRiskMustBeBelowHealthyAndHealthyAtMost100() {
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(), 50, 50))
                .expectException(rejection(Kind.INVALID, "out_of_range", "thresholds.at_risk"));
        // healthy sent, down to the current at_risk 40: the error names the threshold sent
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(), 40, null))
                .expectException(rejection(Kind.INVALID, "out_of_range", "thresholds.healthy"));
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(), 101, null))
                .expectException(rejection(Kind.INVALID, "out_of_range", "thresholds.healthy"));
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(), null, 0))
                .expectException(rejection(Kind.INVALID, "out_of_range", "thresholds.at_risk"));
    }

    @Test
    void unknownDimensionsAreRefused() {
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(new DimensionChange("mood", true, 10)), null, null))
                .expectException(rejection(Kind.INVALID, "unknown_value", "dimensions[0].key"));
    }

    /** Every bad dimension and threshold at once; the sum of the weights only once the weights are valid. */
    @Test
    void everyErrorIsNamedAtOnce() {
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(new DimensionChange("mood", true, 10), new DimensionChange(HealthModels.NPS, null, 0),
                        new DimensionChange("vibes", null, 5)), 101, 0))
                .expectNoEvents()
                .expectException(invalidFields("dimensions[0].key unknown_value", "dimensions[2].key unknown_value",
                        "dimensions[1].weight must_be_positive", "thresholds.at_risk out_of_range",
                        "thresholds.healthy out_of_range"));
        fixture().givenNoPriorActivity()
                .when(change(null, List.of(new DimensionChange(HealthModels.NPS, false, null)), 50, 50))
                .expectException(invalidFields("dimensions out_of_range", "thresholds.at_risk out_of_range"));
    }

    @Test
    void aStaleVersionIsRefused() {
        fixture().given(new HealthModelChanged(WS, 2, WITHOUT_NPS_MODEL, new HealthThresholds(70, 45), NOW))
                .when(change(1, List.of(), 80, null))
                .expectException(rejection(Kind.PRECONDITION_FAILED, "version_mismatch", null));
    }
}

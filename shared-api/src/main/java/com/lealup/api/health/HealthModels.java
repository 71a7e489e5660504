package com.lealup.api.health;

import java.util.List;

/** The built-in dimensions, the default model (docs/health-model.md) and the id of a workspace's model. */
public final class HealthModels {

    public static final String PRODUCT_USAGE = "product_usage";
    public static final String ENGAGEMENT = "engagement";
    public static final String SUPPORT = "support";
    public static final String NPS = "nps";
    public static final String FINANCIAL = "financial";
    public static final List<String> DIMENSIONS = List.of(PRODUCT_USAGE, ENGAGEMENT, SUPPORT, NPS, FINANCIAL);

    public static final String HEALTHY = "healthy";
    public static final String NEUTRAL = "neutral";
    public static final String AT_RISK = "at_risk";

    /** What every workspace has until it changes its model. */
    public static final HealthModelView DEFAULT = new HealthModelView(1, List.of(
            new DimensionSetting(PRODUCT_USAGE, true, 35),
            new DimensionSetting(ENGAGEMENT, true, 20),
            new DimensionSetting(SUPPORT, true, 15),
            new DimensionSetting(NPS, true, 15),
            new DimensionSetting(FINANCIAL, true, 15)), new HealthThresholds(70, 40));

    private HealthModels() {
    }

    /** The aggregate id of a workspace's model: ids are unique across aggregate types in the event store. */
    public static String modelId(String workspaceId) {
        return "hmd_" + workspaceId;
    }
}

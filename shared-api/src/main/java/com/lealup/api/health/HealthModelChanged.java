package com.lealup.api.health;

import java.time.Instant;
import java.util.List;

/** The whole new model of the workspace, with its new version. */
public record HealthModelChanged(String workspaceId, int version, List<DimensionSetting> dimensions,
                                 HealthThresholds thresholds, Instant changedAt) {
}

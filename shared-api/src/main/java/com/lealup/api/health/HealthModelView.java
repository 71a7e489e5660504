package com.lealup.api.health;

import java.util.List;

/** A workspace's health model: its version, its dimensions (always all five, in their canonical order), thresholds. */
public record HealthModelView(int version, List<DimensionSetting> dimensions, HealthThresholds thresholds) {
}

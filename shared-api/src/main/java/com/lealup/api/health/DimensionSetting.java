package com.lealup.api.health;

/** One dimension of a health model: whether it counts and its weight (a positive integer when enabled). */
public record DimensionSetting(String key, boolean enabled, int weight) {
}

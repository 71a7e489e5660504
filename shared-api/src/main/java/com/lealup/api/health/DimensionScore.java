package com.lealup.api.health;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A dimension's part of a score: its effective weight in percent (renormalised over the dimensions with data),
 * its own score 0-100, its contribution ({@code weight × score / 100}) and the signals it was computed from.
 */
public record DimensionScore(String key, BigDecimal weight, int score, BigDecimal contribution,
                             Map<String, Object> signals) {
}

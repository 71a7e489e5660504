package com.lealup.automation.playbook.expression;

import java.util.Map;

/**
 * The outcome of evaluating a condition for one customer: whether it matched, and the value of every field the
 * expression reads (by its path, in the order written; {@code null} for no value; numbers as BigDecimal, dates
 * as {@code YYYY-MM-DD} text), which a playbook run records as its snapshot.
 */
public record Evaluation(boolean matched, Map<String, Object> snapshot) {
}

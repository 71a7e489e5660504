package com.lealup.automation;

import java.time.Duration;

/**
 * Exponential back-off: failed attempt n waits {@code initial × 2^(n-1)}, at most {@code max}. Webhook deliveries
 * and notifications retry by it, each with its own bounds.
 */
public record Backoff(Duration initial, Duration max) {

    /** The wait after failed attempt {@code attempt} (from 1). */
    public Duration after(int attempt) {
        Duration wait = initial.multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 30));
        return wait.compareTo(max) > 0 || wait.isNegative() ? max : wait;
    }
}

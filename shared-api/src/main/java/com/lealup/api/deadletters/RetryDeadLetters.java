package com.lealup.api.deadletters;

/**
 * Hands a parked sequence to its processor again, oldest letter first: the letters handled without error leave
 * the queue, the first that fails again stays parked with the rest behind it. Answers {@link Outcome}.
 */
public record RetryDeadLetters(String processingGroup, String sequenceId) {

    /** {@code remaining} letters are still parked (0 when the whole sequence went through). */
    public record Outcome(boolean found, long remaining) {
    }
}

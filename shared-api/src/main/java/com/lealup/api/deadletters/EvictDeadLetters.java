package com.lealup.api.deadletters;

/**
 * Drops a parked sequence without handling it: its processor never sees those events (a replay of a projection
 * would). Answers the number of letters evicted, 0 when there was no such sequence.
 */
public record EvictDeadLetters(String processingGroup, String sequenceId) {
}

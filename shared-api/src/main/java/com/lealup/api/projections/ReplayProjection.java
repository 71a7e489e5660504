package com.lealup.api.projections;

/**
 * Rebuilds a projection from the event store: its tokens are reset (its reset handler clears its tables) and
 * its processor restarts from the first event, while the rest of the system keeps serving. Answers
 * {@link Outcome}: {@code reason} says why a replay did not start.
 */
public record ReplayProjection(String name) {

    public enum Result {
        STARTED, UNKNOWN, ALREADY_REPLAYING, NOT_REPLAYABLE, CLAIMED_ELSEWHERE, FAILED
    }

    public record Outcome(Result result, String reason) {
    }
}

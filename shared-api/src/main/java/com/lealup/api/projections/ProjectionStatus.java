package com.lealup.api.projections;

import java.time.Instant;
import java.util.List;

/**
 * One event processor (a projection, or a policy) as its tokens in the database show it, on every node.
 * {@code status} is {@code live}, {@code replaying} or {@code failed}; {@code position} is the last event it
 * handled (global index, -1 before the first), {@code head} the last event in the store, {@code lag} the
 * difference; {@code progress} (0–1) and {@code secondsLeft} (estimated from the pace since the replay started,
 * once it has some) only while replaying; {@code replayStartedAt} the start of its last replay
 * requested through the API; {@code error} why it failed; {@code replayable} false for policies that must never
 * re-run (their {@code reason} says why); {@code replayMode} how a replay rebuilds it: {@code blue_green} (into
 * shadow tables swapped in when caught up) or {@code in_place}, null when it may not replay.
 */
public record ProjectionStatus(String name, String status, long position, long head, long lag, Double progress,
                               Long secondsLeft, Instant replayStartedAt, String error, boolean replayable, String reason,
                               String replayMode) {

    public static final String LIVE = "live";
    public static final String REPLAYING = "replaying";
    public static final String FAILED = "failed";

    /** How a replay rebuilds a processor: into shadow tables swapped in when caught up, or in its own tables. */
    public static final String BLUE_GREEN = "blue_green";
    public static final String IN_PLACE = "in_place";
    public static final List<String> REPLAY_MODES = List.of(BLUE_GREEN, IN_PLACE);
}

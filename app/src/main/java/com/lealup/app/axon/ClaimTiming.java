package com.lealup.app.axon;

import java.time.Duration;

/**
 * How processors hold their segments' claims in {@code token_entry}: an idle segment renews its claim every
 * {@code renewal}, a processor looks for segments to claim every {@code claimInterval}, and a claim not renewed
 * for {@code timeout} is taken for a dead node's and claimed by another. A dead node's segments are taken over at
 * most {@code timeout + claimInterval} after its last renewal.
 *
 * @param renewal       also how long a segment's worker waits for events before renewing
 * @param claimInterval how often a processor with a free thread tries to claim a segment
 * @param timeout       the token store's claim timeout
 */
record ClaimTiming(Duration renewal, Duration claimInterval, Duration timeout) {

    /**
     * Several nodes on one database: a dead node's segments move within 1.2 + 0.3 = 1.5 s (the aim is 2 s). The
     * price is a claim renewal per idle segment every 300 ms (15 processors × 2 segments: 100 small updates a
     * second over the cluster when idle).
     */
    static final ClaimTiming SHARED = new ClaimTiming(Duration.ofMillis(300), Duration.ofMillis(300),
            Duration.ofMillis(1200));

    /**
     * Alone on the embedded database no other node can take over (one server per data directory, and the claims
     * of a killed run are released at start: {@code StandaloneTokenClaims}): Axon's defaults, few writes when idle.
     */
    static final ClaimTiming ALONE = new ClaimTiming(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10));
}

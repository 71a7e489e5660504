package com.lealup.app.axon;

import java.time.Duration;

/**
 * How processors share their work with other nodes through {@code token_entry}: how many segments a processor
 * created on a new database gets (each node runs up to that many threads of it, so a node alone runs them all),
 * and how claims are held: an idle segment renews its claim every {@code renewal}, a processor looks for segments
 * to claim every {@code claimInterval}, and a claim not renewed for {@code timeout} is taken for a dead node's and
 * claimed by another. A dead node's segments are taken over at most {@code timeout + claimInterval} after its last
 * renewal.
 *
 * @param segments      the initial segment count of a processor (its tokens' first creation only)
 * @param renewal       also how long a segment's worker waits for events before renewing
 * @param claimInterval how often a processor with a free thread tries to claim a segment
 * @param timeout       the token store's claim timeout
 */
public record ProcessorSharing(int segments, Duration renewal, Duration claimInterval, Duration timeout) {

    /**
     * Several nodes on one database ({@code LEALUP_DB_URL}): 2 segments, so that two nodes each run half of every
     * processor (SegmentBalancer), and a dead node's segments move within 1.2 + 0.3 = 1.5 s (the aim is 2 s). The
     * price is a claim renewal per idle segment every 300 ms (24 processors × 2 segments: 160 small updates a
     * second over the cluster when idle) and a second thread per processor on each node.
     */
    static final ProcessorSharing SHARED = new ProcessorSharing(2, Duration.ofMillis(300), Duration.ofMillis(300),
            Duration.ofMillis(1200));

    /**
     * Alone on the embedded database (one server per data directory; the claims of a killed run are released at
     * start: {@code StandaloneClaims}) nothing can take over or share: one segment, one thread per processor,
     * Axon's defaults for claims (few writes when idle).
     */
    static final ProcessorSharing ALONE = new ProcessorSharing(1, Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10));
}

package com.lealup.api.projections;

/**
 * Tells the live readers of a read model which of its rows changed, beyond Axon's query updates: a feed that other
 * nodes follow (their caches). A blue/green build of its group writes no live rows, so the build's projections get a
 * stand-in of this bean that tells no one (its methods the projections call return nothing); once the build is
 * swapped in, {@link #everythingChanged()} runs in the swap's transaction, since any row may differ from the one
 * replaced (docs/running.md).
 */
public interface LiveChangeFeed {

    /** The processing group whose read model this feed tells of. */
    String group();

    /** Tells every reader to forget what it knows of the read model: it was replaced as a whole. */
    void everythingChanged();
}

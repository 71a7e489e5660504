package com.lealup.http.support;

/**
 * Waits until a processing group has handled every event stored before the call, on whichever node runs it: for a
 * request whose answer is made from what that processor keeps (an on-demand health recalculation reads the signals
 * that ingested usage reaches asynchronously). Implemented over the token store, where every node's progress is.
 */
public interface ProcessingCatchUp {

    /**
     * Returns once {@code processingGroup} has handled every event stored before the call, or at the read-your-writes
     * timeout ({@code lealup.http.read-your-writes-timeout}): the caller then goes on with what the processor holds.
     */
    void await(String processingGroup);

    /**
     * The same for every processing group, within one timeout: for a write whose promise is kept only once each read
     * model and policy has handled it (a GDPR erasure: docs/gdpr-erasure.md).
     */
    void awaitEveryGroup();
}

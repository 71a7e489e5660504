package com.lealup.write.customer;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A workspace's erasure lock: an advisory lock held until the transaction ends. An erasure (or a purge) holds it alone
 * from its check of the pending imports to its commit; the writes that find customers outside their aggregate share
 * it: an import's start, an ingestion's lookup of its customers and a health scoring's, by their email-domain claims.
 * Each of those then comes wholly before an erasure, its events before the erasure's, or after it, when the erased
 * customer is gone from what it reads: no usage or score of an erased customer is stored after its
 * {@code CustomerErased}, which would bring its health state back into the read models.
 */
public final class ErasureLock {

    /** The first key of the workspaces' erasure locks ("eras" in ASCII). */
    private static final int KEY = 0x65726173;

    private ErasureLock() {
    }

    /** For an erasure: waits for the writes under way that share the lock, and holds off new ones. */
    public static void holdAlone(JdbcClient jdbc, String workspaceId) {
        jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?, hashtext(?))").params(KEY, workspaceId)
                .query(Integer.class).single();
    }

    /** For a write that finds customers outside their aggregate: waits for an erasure under way. */
    public static void share(JdbcClient jdbc, String workspaceId) {
        jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock_shared(?, hashtext(?))").params(KEY, workspaceId)
                .query(Integer.class).single();
    }
}

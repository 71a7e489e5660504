package com.lealup.api;

import java.util.List;

/** Keys of the metadata every command carries and every event it causes inherits. */
public final class MetadataKeys {

    public static final String WORKSPACE_ID = "workspace_id";
    public static final String ACTOR_TYPE = "actor_type";
    public static final String ACTOR_ID = "actor_id";
    public static final String TRACE_ID = "trace_id";
    public static final String IDEMPOTENCY_KEY = "idempotency_key";
    /**
     * How many playbook runs led to this message, one causing the next through their actions' changes (absent: none,
     * a change of a client's): the playbook engine starts no run past its longest chain.
     */
    public static final String PLAYBOOK_CHAIN = "playbook_chain";

    public static final List<String> ALL = List.of(WORKSPACE_ID, ACTOR_TYPE, ACTOR_ID, TRACE_ID, IDEMPOTENCY_KEY,
            PLAYBOOK_CHAIN);

    private MetadataKeys() {
    }
}

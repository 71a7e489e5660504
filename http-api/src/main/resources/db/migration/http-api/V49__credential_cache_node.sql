-- How far each node's credential cache has applied the change feed (docs/identity.md, "Cache invalidation across
-- nodes"): every node records it at each poll (database time). A revocation, deactivation or role change answers once
-- every node that polled within the staleness bound has applied it; a node whose polls stopped for longer no longer
-- trusts its cache, so no one waits for it.
CREATE TABLE credential_cache_node (
    node_id         text        NOT NULL PRIMARY KEY,
    applied_version bigint      NOT NULL,
    polled_at       timestamptz NOT NULL
);

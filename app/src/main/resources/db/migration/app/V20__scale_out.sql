-- The nodes alive, with their roles (docs/running.md, "Several nodes on one database"): each node beats every
-- 250 ms (database time, so the nodes' clocks need not agree); processors share their segments among the live
-- nodes of their role (com.lealup.app.cluster.SegmentBalancer).
CREATE TABLE cluster_node (
    node_id   text        NOT NULL PRIMARY KEY,
    roles     text        NOT NULL,
    last_seen timestamptz NOT NULL
);

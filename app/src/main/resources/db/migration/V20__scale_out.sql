-- Several nodes on one database (docs/running.md, "Several nodes").

-- Rate limits: rate_limit_window.request_count is now the quota leased to nodes in the window (a node counts
-- its own requests in memory inside its lease and gives back what it left unused). A lease never takes more
-- than the limit leaves, so the nodes together never accept more than the limit.
CREATE FUNCTION lease_rate_limit(p_workspace text, p_class text, p_start bigint, p_want bigint, p_limit bigint,
                                 OUT granted bigint, OUT leased bigint) AS $$
BEGIN
    INSERT INTO rate_limit_window (workspace_id, limit_class, window_start, request_count)
    VALUES (p_workspace, p_class, to_timestamp(p_start), 0)
    ON CONFLICT (workspace_id, limit_class, window_start) DO NOTHING;
    SELECT request_count INTO leased FROM rate_limit_window
     WHERE workspace_id = p_workspace AND limit_class = p_class AND window_start = to_timestamp(p_start)
       FOR UPDATE;
    granted := GREATEST(0, LEAST(p_want, p_limit - leased));
    leased := leased + granted;
    IF granted > 0 THEN
        UPDATE rate_limit_window SET request_count = leased
         WHERE workspace_id = p_workspace AND limit_class = p_class AND window_start = to_timestamp(p_start);
    END IF;
END
$$ LANGUAGE plpgsql;

-- The nodes alive, with their roles: each node beats every 250 ms (database time, so clocks of nodes need not
-- agree); processors share their segments among the live nodes of their role.
CREATE TABLE cluster_node (
    node_id   text        NOT NULL PRIMARY KEY,
    roles     text        NOT NULL,
    last_seen timestamptz NOT NULL
);

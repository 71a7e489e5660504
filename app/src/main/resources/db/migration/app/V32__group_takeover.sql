-- A node taking every segment of a processing group from the other nodes for a moment (an in-place replay's reset,
-- a blue/green build's swap): while its request stands, every other node keeps its segments of the group released
-- (com.lealup.app.cluster.GroupTakeover). A request lapses at `until` if the node that made it died.
CREATE TABLE group_takeover (
    processing_group text        NOT NULL PRIMARY KEY,
    node_id          text        NOT NULL,
    until            timestamptz NOT NULL
);

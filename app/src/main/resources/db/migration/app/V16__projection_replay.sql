-- The last replay of each processing group requested through /v1/admin/projections: when it started and, when it
-- could not start, why. Progress is not here: it is the group's token in token_entry (a replay token while
-- replaying), which every node reads.
CREATE TABLE projection_replay (
    processing_group VARCHAR(255) PRIMARY KEY,
    started_at       TIMESTAMPTZ  NOT NULL,
    error            TEXT
);

-- A blue/green replay (docs/running.md): while it builds, shadow_schema names the schema holding the copies of the
-- group's tables that a second processor (token 'shadow:<group>' in token_entry) fills; target_position is the
-- event store's head when it started (its progress is the shadow token's way there); finished_at is when the copies
-- were swapped in, or when the replay failed (error). started_at identifies the build.
ALTER TABLE projection_replay
    ADD COLUMN shadow_schema   VARCHAR(63),
    ADD COLUMN target_position BIGINT,
    ADD COLUMN finished_at     TIMESTAMPTZ;

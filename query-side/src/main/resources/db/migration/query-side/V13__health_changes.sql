-- Why did the score change (docs/health-model.md "Reading a change").

-- Command side: why a customer is marked for rescoring, as bits (1 events, 2 daily run, 4 model change); its next
-- score names the strongest as its trigger. Cleared with the mark.
ALTER TABLE health_signal ADD COLUMN dirty_causes INTEGER NOT NULL DEFAULT 0;

-- Query side: every published score of a customer with its whole breakdown (signals included), as the event
-- carries it; a change is explained against the row of the calculation before it, when read.
CREATE TABLE health_change (
    customer_id     VARCHAR(40) NOT NULL,
    calculation     BIGINT      NOT NULL,
    workspace_id    VARCHAR(40) NOT NULL,
    calculated_at   TIMESTAMPTZ NOT NULL,
    score           INTEGER,
    previous_score  INTEGER,
    status          VARCHAR(16),
    previous_status VARCHAR(16),
    model_version   INTEGER     NOT NULL,
    trigger         VARCHAR(16),
    -- JSON, not JSONB: the signals keep the formula's order
    dimensions      JSON        NOT NULL,
    PRIMARY KEY (customer_id, calculation)
);

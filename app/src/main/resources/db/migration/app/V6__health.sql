-- Event ingestion and health scoring (docs/ingestion.md, docs/health-model.md).

-- Command side: ingestion. Client event ids already stored, per workspace (exact de-duplication).
CREATE TABLE usage_event_id_claim (
    workspace_id VARCHAR(40)  NOT NULL,
    event_id     VARCHAR(255) NOT NULL,
    PRIMARY KEY (workspace_id, event_id)
);
-- ingestion resolves customers by id as well as by email domain
CREATE INDEX customer_email_domain_claim_by_customer ON customer_email_domain_claim (workspace_id, customer_id);

-- Command side: the health policy's state, built from events; the scoring command handler reads it.
CREATE TABLE health_signal (
    customer_id        VARCHAR(40) NOT NULL PRIMARY KEY,
    workspace_id       VARCHAR(40) NOT NULL,
    applied_position   BIGINT      NOT NULL DEFAULT -1,
    seats              INTEGER,
    activity_seen      BOOLEAN     NOT NULL DEFAULT FALSE,
    last_touchpoint_at TIMESTAMPTZ,
    support_seen       BOOLEAN     NOT NULL DEFAULT FALSE,
    tickets_low        INTEGER     NOT NULL DEFAULT 0,
    tickets_normal     INTEGER     NOT NULL DEFAULT 0,
    tickets_high       INTEGER     NOT NULL DEFAULT 0,
    tickets_urgent     INTEGER     NOT NULL DEFAULT 0,
    nps_score          INTEGER,
    nps_at             TIMESTAMPTZ,
    invoices_seen      BOOLEAN     NOT NULL DEFAULT FALSE,
    invoices_overdue   INTEGER     NOT NULL DEFAULT 0,
    dirty              BOOLEAN     NOT NULL DEFAULT FALSE,
    dirty_seq          BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX health_signal_by_workspace ON health_signal (workspace_id);
CREATE INDEX health_signal_dirty ON health_signal (customer_id) WHERE dirty;

-- Product activity per customer and UTC day (the 60 days the formula looks at, plus older ones until pruned).
CREATE TABLE health_activity_day (
    customer_id VARCHAR(40) NOT NULL,
    day         DATE        NOT NULL,
    events      INTEGER     NOT NULL,
    PRIMARY KEY (customer_id, day)
);

-- The workspace health models as the policy last saw them (no row: the default model).
CREATE TABLE health_policy_model (
    workspace_id VARCHAR(40) NOT NULL PRIMARY KEY,
    version      INTEGER     NOT NULL,
    healthy      INTEGER     NOT NULL,
    at_risk      INTEGER     NOT NULL
);
CREATE TABLE health_policy_dimension (
    workspace_id VARCHAR(40) NOT NULL,
    key          VARCHAR(32) NOT NULL,
    enabled      BOOLEAN     NOT NULL,
    weight       INTEGER     NOT NULL,
    PRIMARY KEY (workspace_id, key)
);

-- The score last published per customer, locked by the scoring command so scores of a customer are serial.
CREATE TABLE health_current (
    customer_id  VARCHAR(40) NOT NULL PRIMARY KEY,
    calculation  BIGINT      NOT NULL,
    score        INTEGER,
    status       VARCHAR(16),
    fingerprint  TEXT        NOT NULL
);

-- When the daily rescore last ran (one row).
CREATE TABLE health_daily_run (
    id       INTEGER NOT NULL PRIMARY KEY,
    last_day DATE    NOT NULL
);

-- Query side: the customers read model shows the current health; the calculation number guards it.
ALTER TABLE customer_view ADD COLUMN health_calculation BIGINT NOT NULL DEFAULT 0;

-- Query side: ingested events (GET /v1/events).
CREATE TABLE usage_event_view (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id    VARCHAR(40)  NOT NULL,
    customer_id     VARCHAR(40)  NOT NULL,
    type            VARCHAR(100) NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    client_event_id VARCHAR(255),
    contact_email   VARCHAR(320),
    properties      JSONB        NOT NULL,
    received_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX usage_event_view_by_time ON usage_event_view (workspace_id, occurred_at DESC, id DESC);
CREATE INDEX usage_event_view_by_customer ON usage_event_view (workspace_id, customer_id, occurred_at DESC, id DESC);

-- Query side: current health per customer, and every score change (the history).
CREATE TABLE health_view (
    customer_id   VARCHAR(40) NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(40) NOT NULL,
    calculation   BIGINT      NOT NULL,
    score         INTEGER,
    status        VARCHAR(16),
    model_version INTEGER     NOT NULL,
    dimensions    JSONB       NOT NULL,
    calculated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE health_score_change (
    customer_id   VARCHAR(40) NOT NULL,
    calculation   BIGINT      NOT NULL,
    workspace_id  VARCHAR(40) NOT NULL,
    score         INTEGER,
    status        VARCHAR(16),
    calculated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, calculation)
);
CREATE INDEX health_score_change_by_time ON health_score_change (customer_id, calculated_at);

CREATE TABLE health_model_view (
    workspace_id VARCHAR(40) NOT NULL PRIMARY KEY,
    version      INTEGER     NOT NULL,
    model        JSONB       NOT NULL
);

-- Playbooks: the engine's own state (command side) and the playbooks and runs read models (query side).

-- Engine: what conditions read of each customer, kept from the customer, segment, task (and health) events.
CREATE TABLE playbook_engine_facts (
    customer_id   VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(40)  NOT NULL,
    name          VARCHAR(200),
    email_domain  VARCHAR(255),
    arr           NUMERIC,
    status        VARCHAR(16),
    owner_id      VARCHAR(40),
    segment_id    VARCHAR(40),
    renewal_date  DATE,
    custom_fields JSONB        NOT NULL DEFAULT '{}',
    health_score  NUMERIC,
    health_status VARCHAR(16),
    open_tasks    INTEGER      NOT NULL DEFAULT 0,
    deleted       BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX playbook_engine_facts_by_workspace ON playbook_engine_facts (workspace_id);

CREATE TABLE playbook_engine_segment (
    segment_id   VARCHAR(40)  NOT NULL PRIMARY KEY,
    name         VARCHAR(200) NOT NULL
);

CREATE TABLE playbook_engine_open_task (
    task_id      VARCHAR(40) NOT NULL PRIMARY KEY,
    customer_id  VARCHAR(40) NOT NULL
);

-- Engine: the playbooks as the engine needs them (deleted ones removed).
CREATE TABLE playbook_engine_playbook (
    playbook_id   VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(40)  NOT NULL,
    name          VARCHAR(200) NOT NULL,
    trigger_type  VARCHAR(16)  NOT NULL,
    condition     TEXT,
    event_type    VARCHAR(64),
    actions       JSONB        NOT NULL,
    cooldown_days INTEGER      NOT NULL,
    enabled       BOOLEAN      NOT NULL
);
CREATE INDEX playbook_engine_playbook_enabled ON playbook_engine_playbook (workspace_id) WHERE enabled;

-- Engine: the edge state per (playbook, customer): whether the condition held at the last evaluation, and when
-- the playbook last fired for the customer (cooldown). Written in the transaction that records the run.
CREATE TABLE playbook_engine_arming (
    playbook_id   VARCHAR(40) NOT NULL,
    customer_id   VARCHAR(40) NOT NULL,
    matching      BOOLEAN     NOT NULL,
    last_fired_at TIMESTAMPTZ,
    PRIMARY KEY (playbook_id, customer_id)
);
CREATE INDEX playbook_engine_arming_by_customer ON playbook_engine_arming (customer_id);

-- Read model: playbooks (deleted ones keep their row, for read-your-writes, and are never shown).
CREATE TABLE playbook_view (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(40)  NOT NULL,
    definition    JSONB        NOT NULL,
    deleted       BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    version       BIGINT       NOT NULL
);
CREATE INDEX playbook_view_by_workspace ON playbook_view (workspace_id, id DESC) WHERE NOT deleted;

-- Read model: runs and the outcome of each of their actions.
CREATE TABLE playbook_run_view (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(40)  NOT NULL,
    playbook_id   VARCHAR(40)  NOT NULL,
    customer_id   VARCHAR(40)  NOT NULL,
    matched_at    TIMESTAMPTZ  NOT NULL,
    snapshot      JSON         NOT NULL  -- json, not jsonb: keeps the fields in the order the expression reads them
);
CREATE INDEX playbook_run_view_by_playbook ON playbook_run_view (playbook_id, id DESC);

CREATE TABLE playbook_run_action_view (
    run_id        VARCHAR(40)  NOT NULL,
    action_index  INTEGER      NOT NULL,
    type          VARCHAR(32)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    task_id       VARCHAR(40),
    error         VARCHAR(1000),
    PRIMARY KEY (run_id, action_index)
);

-- Integrations and notification delivery (command side; docs/integrations.md).

-- Pending OAuth authorizations: the SHA-256 of each single-use state, the PKCE verifier encrypted.
CREATE TABLE integration_oauth_state (
    state_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(40)  NOT NULL,
    name          VARCHAR(40)  NOT NULL,
    code_verifier BYTEA        NOT NULL,
    expires_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX integration_oauth_state_by_integration ON integration_oauth_state (workspace_id, name);

-- Tokens of connected integrations, AES-GCM encrypted; never in events.
CREATE TABLE integration_credential (
    workspace_id  VARCHAR(40)  NOT NULL,
    name          VARCHAR(40)  NOT NULL,
    access_token  BYTEA        NOT NULL,
    refresh_token BYTEA,
    expires_at    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

-- Each workspace's signing secret of notify-to-webhook deliveries, AES-GCM encrypted.
CREATE TABLE notification_signing_secret (
    workspace_id VARCHAR(40)  NOT NULL PRIMARY KEY,
    secret       BYTEA        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);

-- Deliveries still to make: one row per notification until delivered or failed.
CREATE TABLE notification_outbox (
    notification_id VARCHAR(40)   NOT NULL PRIMARY KEY,
    workspace_id    VARCHAR(40)   NOT NULL,
    channel         VARCHAR(16)   NOT NULL,
    target          VARCHAR(2000) NOT NULL,
    text            TEXT,
    data            TEXT          NOT NULL,
    requested_at    TIMESTAMPTZ   NOT NULL,
    deadline        TIMESTAMPTZ   NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    leased_until    TIMESTAMPTZ
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at);

-- Integrations (query side).
CREATE TABLE integration_view (
    workspace_id  VARCHAR(40)  NOT NULL,
    name          VARCHAR(40)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    connected_at  TIMESTAMPTZ,
    pending_until TIMESTAMPTZ,
    error         VARCHAR(500),
    updated_at    TIMESTAMPTZ  NOT NULL,
    version       BIGINT       NOT NULL,
    PRIMARY KEY (workspace_id, name)
);

-- Webhook subscriptions (docs/webhooks.md), query side: the tables of V18 are in command-side.

-- The subscriptions read model (read/webhook).
CREATE TABLE webhook_subscription_view (
    id                VARCHAR(40)   NOT NULL PRIMARY KEY,
    workspace_id      VARCHAR(40)   NOT NULL,
    url               VARCHAR(2000) NOT NULL,
    events            TEXT          NOT NULL,
    description       VARCHAR(500),
    status            VARCHAR(16)   NOT NULL,
    disabled_reason   VARCHAR(1000),
    disabled_at       TIMESTAMPTZ,
    secret_rotated_at TIMESTAMPTZ,
    created_at        TIMESTAMPTZ   NOT NULL,
    updated_at        TIMESTAMPTZ   NOT NULL,
    deleted           BOOLEAN       NOT NULL,
    version           BIGINT        NOT NULL
);
CREATE INDEX webhook_subscription_view_workspace ON webhook_subscription_view (workspace_id, id);

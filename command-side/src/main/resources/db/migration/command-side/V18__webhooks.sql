-- Webhook subscriptions (docs/webhooks.md), command side; the read model is V18.1 (query-side).

-- Command side: each subscription's signing secret, encrypted (SecretBox, context "webhook/<id>"); after a rotation
-- the previous secret still signs, beside the new one, until previous_valid_until.
CREATE TABLE webhook_secret (
    subscription_id      VARCHAR(40) NOT NULL PRIMARY KEY,
    workspace_id         VARCHAR(40) NOT NULL,
    secret               BYTEA       NOT NULL,
    previous_secret      BYTEA,
    previous_valid_until TIMESTAMPTZ
);

-- The delivery policy (automation/webhook): one row per live subscription, its routing (workspace, types) and its
-- queue's state: when its head may next be tried, the lease of the node working it, and since when it fails.
CREATE TABLE webhook_endpoint (
    subscription_id VARCHAR(40)   NOT NULL PRIMARY KEY,
    workspace_id    VARCHAR(40)   NOT NULL,
    url             VARCHAR(2000) NOT NULL,
    events          TEXT          NOT NULL,
    enabled         BOOLEAN       NOT NULL,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    leased_until    TIMESTAMPTZ,
    failing_since   TIMESTAMPTZ
);
CREATE INDEX webhook_endpoint_workspace ON webhook_endpoint (workspace_id) WHERE enabled;

-- Each event's delivery to each subscription, in the subscription's order (position). Pending rows are the
-- outbox; delivered and failed ones are the log GET /v1/webhook-subscriptions/{id}/deliveries pages.
CREATE TABLE webhook_delivery (
    position         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id  VARCHAR(40)  NOT NULL,
    workspace_id     VARCHAR(40)  NOT NULL,
    message_id       VARCHAR(60)  NOT NULL,
    event_type       VARCHAR(60)  NOT NULL,
    payload          TEXT         NOT NULL,
    replay           BOOLEAN      NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    attempts         INT          NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    first_attempt_at TIMESTAMPTZ,
    last_attempt_at  TIMESTAMPTZ,
    last_status      INT,
    last_error       VARCHAR(500),
    next_attempt_at  TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ
);
CREATE INDEX webhook_delivery_pending ON webhook_delivery (subscription_id, position) WHERE status = 'pending';
CREATE INDEX webhook_delivery_subscription ON webhook_delivery (subscription_id, position);

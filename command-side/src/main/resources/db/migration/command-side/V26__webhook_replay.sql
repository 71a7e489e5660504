-- Webhook replays (docs/webhooks.md, Replay): the fan-out policy records each request here, in its own transaction;
-- WebhookReplayer reads the event store for it on its own workers, a page at a time, and commits each page's
-- deliveries with the cursor (the position of the last event read), so a crash resumes after the last page.
CREATE TABLE webhook_replay (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id VARCHAR(40) NOT NULL,
    workspace_id    VARCHAR(40) NOT NULL,
    since           TIMESTAMPTZ NOT NULL,
    end_position    BIGINT      NOT NULL,
    cursor_position BIGINT,
    requested_at    TIMESTAMPTZ NOT NULL,
    leased_until    TIMESTAMPTZ
);
CREATE INDEX webhook_replay_subscription ON webhook_replay (subscription_id, id);

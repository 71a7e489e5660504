-- Infrastructure of the /v1 HTTP layer (module http-api), shared by every node of a deployment.

-- Fixed-window rate-limit counters: each node counts locally and adds its count here every sync interval.
CREATE TABLE rate_limit_window (
    workspace_id  text        NOT NULL,
    limit_class   text        NOT NULL,
    window_start  timestamptz NOT NULL,
    request_count bigint      NOT NULL,
    PRIMARY KEY (workspace_id, limit_class, window_start)
);
CREATE INDEX rate_limit_window_start_idx ON rate_limit_window (window_start);

-- Idempotency keys of POST requests: reserved while running, then the stored response for replay.
CREATE TABLE idempotency_key (
    workspace_id     text        NOT NULL,
    idempotency_key  text        NOT NULL,
    request_hash     text        NOT NULL,
    method           text        NOT NULL,
    path             text        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('running', 'completed')),
    response_status  integer,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, idempotency_key)
);
CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at);

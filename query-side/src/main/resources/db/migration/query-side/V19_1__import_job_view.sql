-- Bulk import of customers (docs/customers.md "Bulk import"): the jobs read model (processing group import-jobs),
-- GET /v1/jobs/{id}. Version 19.1: the import's second script, for the query side's table.
CREATE TABLE import_job_view (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    type         TEXT NOT NULL,
    status       TEXT NOT NULL,
    total        INT NOT NULL,
    processed    INT NOT NULL DEFAULT 0,
    created      INT NOT NULL DEFAULT 0,
    updated      INT NOT NULL DEFAULT 0,
    skipped      INT NOT NULL DEFAULT 0,
    failed       INT NOT NULL DEFAULT 0,
    errors       JSONB NOT NULL DEFAULT '[]',
    created_at   TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ
);

-- Bulk import of customers (docs/customers.md "Bulk import").

-- command side: the jobs that have rows left, added and removed in the job's own transactions; a runner leases one
-- at a time (leased_until, on the database's clock), so a job whose node died is taken up again
CREATE TABLE import_job_queue (
    job_id       TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    trace_id     TEXT,
    queued_at    TIMESTAMPTZ NOT NULL,
    leased_until TIMESTAMPTZ
);

-- query side: the jobs read model (processing group import-jobs), GET /v1/jobs/{id}
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

-- an import matched on id checks the customer exists in the workspace (the claims hold every customer not purged)
CREATE INDEX customer_email_domain_claim_customer ON customer_email_domain_claim (customer_id);

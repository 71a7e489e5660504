-- Bulk import of customers (docs/customers.md "Bulk import"), command side.

-- the jobs that have rows left, added and removed in the job's own transactions; a runner leases one at a time
-- (leased_until, on the database's clock), so a job whose node died is taken up again
CREATE TABLE import_job_queue (
    job_id       TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    trace_id     TEXT,
    queued_at    TIMESTAMPTZ NOT NULL,
    leased_until TIMESTAMPTZ
);

-- an import matched on id checks its customers exist in the workspace (the claims hold every customer not purged)
CREATE INDEX customer_email_domain_claim_customer ON customer_email_domain_claim (customer_id);

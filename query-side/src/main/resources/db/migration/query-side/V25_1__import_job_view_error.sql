-- Import jobs that fail (docs/customers.md "Bulk import"): why a failed job failed, GET /v1/jobs/{id} "error".
-- Version 25.1: the change's second script, for the query side's table.
ALTER TABLE import_job_view ADD COLUMN error_code TEXT, ADD COLUMN error_message TEXT;

-- Import jobs that fail (docs/customers.md "Bulk import"), command side: the failed attempts in a row at the job's
-- next chunk; at lealup.bulk-import.max-attempts the runner ends the job as failed. A chunk that commits resets it.
ALTER TABLE import_job_queue ADD COLUMN failed_attempts INT NOT NULL DEFAULT 0;

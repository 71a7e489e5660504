-- GET /v1/jobs/{id} answers the job's version as its ETag (docs/customers.md "Bulk import"): the ImportJob aggregate's
-- version, the sequence number of its last event projected + 1, so it changes with every change of the answer. Jobs
-- projected before have 0 until their next event (a replay of import-jobs gives every job its version).
ALTER TABLE import_job_view ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

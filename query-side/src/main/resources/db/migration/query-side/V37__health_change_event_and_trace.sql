-- A customer's history lists the changes of its health score (docs/customers.md "History"): each row keeps the
-- identifier of its event (the entry's event_id) and the trace id of its metadata (null when it had none). The rows
-- before this version have neither: as in V28, the read model is emptied and its processing group starts again from
-- the first event, rebuilding every row.
TRUNCATE health_change;
ALTER TABLE health_change ADD COLUMN event_id VARCHAR(64) NOT NULL;
ALTER TABLE health_change ADD COLUMN trace_id TEXT;
DELETE FROM token_entry WHERE processor_name = 'health-changes';
-- The history lists the scores that changed the score or the status (not those that moved only the breakdown): a
-- page of them is one range of this index, however many scores kept the score in between.
CREATE INDEX health_change_moved ON health_change (customer_id, calculation)
    WHERE score IS DISTINCT FROM previous_score OR status IS DISTINCT FROM previous_status;

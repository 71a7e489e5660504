-- A run's place in the queue is its event's position in the store (the policy's tracking token), no longer a number
-- of the queue's own: a run parked as a dead letter and retried comes back to its place, before its customer's later
-- runs. Rows queued before keep their numbers, all below the store's positions of the runs queued after them.
ALTER TABLE playbook_run_queue ALTER COLUMN position DROP IDENTITY;

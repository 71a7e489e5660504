-- The notification workers are shared fairly between workspaces (NotificationOutbox.claim): the claim steps through
-- the workspaces with rows, takes each one's oldest due, and counts the leases each holds. The index on the due time
-- alone served the first-come claim, which nothing else reads by.
CREATE INDEX notification_outbox_by_workspace ON notification_outbox (workspace_id, next_attempt_at);
CREATE INDEX notification_outbox_leased ON notification_outbox (leased_until) WHERE leased_until IS NOT NULL;
DROP INDEX notification_outbox_due;

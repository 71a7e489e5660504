-- The playbook runs whose actions are still to do (PlaybookRunQueue), worked by the PlaybookActionDispatcher's
-- workers, shared fairly between workspaces (FairClaims) and one customer's runs at a time, in the store's order
-- (position). Ids only: the run's actions and snapshot are read from its event, sealed as the customer's data.
CREATE TABLE playbook_run_queue (
    position     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id       TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    leased_until TIMESTAMPTZ
);
CREATE INDEX playbook_run_queue_by_workspace ON playbook_run_queue (workspace_id, position);
CREATE INDEX playbook_run_queue_by_customer ON playbook_run_queue (customer_id, position);
CREATE INDEX playbook_run_queue_leased ON playbook_run_queue (leased_until) WHERE leased_until IS NOT NULL;

-- Refreshing integration tokens (docs/integrations.md): each stored grant gets a revision, so that a refresh
-- or a failure report only ever changes the tokens it read, and a lease, so that one worker of one node at a
-- time refreshes them.
ALTER TABLE integration_credential ADD COLUMN revision VARCHAR(36) NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE integration_credential ALTER COLUMN revision DROP DEFAULT;
ALTER TABLE integration_credential ADD COLUMN refreshing_until TIMESTAMPTZ;

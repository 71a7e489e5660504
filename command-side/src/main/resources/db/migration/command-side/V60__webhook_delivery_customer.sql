-- A delivery names the customer its payload is about (its data.customer_id, the one WebhookCatalogue.erased rewrites
-- for), so a customer's erasure finds that customer's deliveries by an index instead of reading every payload its
-- workspace's subscriptions keep: with large queues that read took the shared fan-out about a second per erasure,
-- which every workspace's webhooks waited on.
ALTER TABLE webhook_delivery ADD COLUMN customer_id VARCHAR(40);
UPDATE webhook_delivery SET customer_id = payload::jsonb -> 'data' ->> 'customer_id'
 WHERE strpos(payload, '"customer_id"') > 0;
CREATE INDEX webhook_delivery_customer ON webhook_delivery (customer_id, position) WHERE customer_id IS NOT NULL;

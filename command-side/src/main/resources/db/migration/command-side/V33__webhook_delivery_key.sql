-- webhook_delivery keyed by (subscription_id, position): every statement names the subscription, so the key serves
-- them all and the table keeps two indexes instead of three, each delivery's insert and delivered mark updating
-- one index fewer (docs/PERFORMANCE.md, Webhooks).
ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_pkey;
DROP INDEX webhook_delivery_subscription;
ALTER TABLE webhook_delivery ADD PRIMARY KEY (subscription_id, position);

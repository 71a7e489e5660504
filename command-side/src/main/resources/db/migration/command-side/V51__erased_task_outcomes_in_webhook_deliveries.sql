-- A task's completion outcome is personal data (TaskCompleted), but the erasure's rewrite of queued and kept webhook
-- payloads (WebhookCatalogue.erased) blanked only its notes: the deliveries of task.completed about customers erased
-- before this migration get their outcome "[erased]" now, as the rewrite does from here on.
UPDATE webhook_delivery d
   SET payload = jsonb_set(d.payload::jsonb, '{data,outcome}', '"[erased]"')::text
  FROM customer_key k
 WHERE d.event_type = 'task.completed'
   AND k.customer_id = d.payload::jsonb -> 'data' ->> 'customer_id'
   AND k.erased_at IS NOT NULL
   AND jsonb_typeof(d.payload::jsonb -> 'data' -> 'outcome') = 'string'
   AND d.payload::jsonb -> 'data' ->> 'outcome' <> '[erased]';

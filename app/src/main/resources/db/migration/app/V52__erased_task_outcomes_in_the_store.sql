-- A task's completion outcome is personal data (TaskCompleted), but erasures made before the erasure overwrote clear
-- outcomes (CustomerErasurePolicy) left them in clear in the store and in the dead letters, where a webhook replay or
-- a replayed projection reads them again. Every clear outcome of a customer erased before this migration gets the
-- empty seal the erasure writes ("pd:v1:<customer>:", read as "[erased]"); the rest of the payload keeps its bytes.
-- A payload is compact JSON written by the event format, whose only "outcome" member is the record's own (the ids
-- before it hold no quote). The webhook deliveries made of such events are V53's.
CREATE TEMPORARY TABLE erased_customer ON COMMIT DROP AS
    SELECT customer_id FROM customer_key WHERE erased_at IS NOT NULL;

-- the same rewrite in the store and in the dead letters, each keyed by its own column
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('domain_event_entry', 'global_index'), ('dead_letter_entry', 'dead_letter_id'))
                 AS v(name, id) LOOP
        EXECUTE format($f$
            UPDATE %1$I e
               SET payload = convert_to(regexp_replace(convert_from(e.payload, 'UTF8'), '"outcome":"(?:[^"\\]|\\.)*"',
                                 '"outcome":"pd:v1:' || c.customer_id || ':"'), 'UTF8')
              FROM (SELECT %2$I AS id,
                           substring(convert_from(payload, 'UTF8') FROM '"customer_id":"([^"\\]*)"') AS customer_id
                      FROM %1$I WHERE payload_type = 'com.lealup.api.task.TaskCompleted') c
              JOIN erased_customer x USING (customer_id)
             WHERE e.%2$I = c.id
               AND position('"outcome":"'::bytea IN e.payload) > 0
               AND position('"outcome":"pd:v1:'::bytea IN e.payload) = 0$f$, t.name, t.id);
    END LOOP;
END $$;

-- Explained health changes (docs/PERFORMANCE.md "Explained health changes"): each row keeps its change explained
-- against the calculation before it, as the API writes it, computed when the score is projected instead of on every
-- read. The rows before this version have none: the read model is emptied and its processing group starts again
-- from the first event (without a token it starts from the tail of the event store), rebuilding every row.
TRUNCATE health_change;
ALTER TABLE health_change ADD COLUMN explanation JSON NOT NULL;
DELETE FROM token_entry WHERE processor_name = 'health-changes';

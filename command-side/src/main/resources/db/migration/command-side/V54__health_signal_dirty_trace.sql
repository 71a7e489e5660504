-- The trace id of the request that marked a customer for rescoring (an ingested batch, a seat change, a completed
-- task, a health model change), so that the score the sweep publishes carries the trace of what caused it (API.md
-- section 1). NULL: no request marked it (the daily run) or a mark from before this column; its score then carries
-- the sweep's own trace. The column is cleared with the mark.
ALTER TABLE health_signal ADD COLUMN dirty_trace_id TEXT;

-- Why did the score change (docs/health-model.md "Reading a change").

-- Command side: why a customer is marked for rescoring, as bits (1 events, 2 daily run, 4 model change); its next
-- score names the strongest as its trigger. Cleared with the mark.
ALTER TABLE health_signal ADD COLUMN dirty_causes INTEGER NOT NULL DEFAULT 0;

-- The version of a playbook (its aggregate's sequence number) whose definition the engine matches with: each run
-- carries it, so that a run matched before a disable is cancelled even when the playbook is enabled again before a
-- worker comes to it. Null until the playbook's next change reaches the engine (its runs then keep the rule of a
-- playbook disabled or deleted when the worker comes).
ALTER TABLE playbook_engine_playbook ADD COLUMN version BIGINT;

-- LealUp has no saga: its processes are policies (event handlers that send commands) and claimed queues
-- (docs/architecture.md), so Axon's saga tables, created with the event store in V1, hold nothing and are dropped.
DROP TABLE association_value_entry;
DROP TABLE saga_entry;
DROP SEQUENCE association_value_entry_seq;

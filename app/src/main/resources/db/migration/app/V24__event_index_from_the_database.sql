-- Axon's JDBC storage engine writes events without their global index: the database numbers them, one at a time, in
-- the order their INSERTs run (V1's increment of 50 served Hibernate's pooled optimiser, which handed each node a
-- block of 50). The sequence restarts past every index handed out before, so no index is used twice.
ALTER SEQUENCE domain_event_entry_seq INCREMENT BY 1;
SELECT setval('domain_event_entry_seq',
              GREATEST((SELECT COALESCE(max(global_index), 0) FROM domain_event_entry),
                       (SELECT last_value FROM domain_event_entry_seq)) + 50);
ALTER SEQUENCE domain_event_entry_seq OWNED BY domain_event_entry.global_index;
ALTER TABLE domain_event_entry ALTER COLUMN global_index SET DEFAULT nextval('domain_event_entry_seq');

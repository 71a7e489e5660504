-- A new store numbers its first event 1, the lowest index Axon's tracking tokens start from. V24 moved the sequence
-- 50 past the highest index it could have handed out, which on an empty store left indexes 1 to 50 unused: every
-- token then carried those 50 gaps until 10,000 events had passed, and every read of the store asked for them again.
-- A store that holds events keeps its sequence: no index is ever used twice.
SELECT setval('domain_event_entry_seq', 1, false)
WHERE NOT EXISTS (SELECT FROM domain_event_entry);

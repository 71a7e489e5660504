-- Snapshots of a customer's history fold (app/history/CustomerRecordSnapshots): a cache of CustomerRecord every
-- 1,000 events of the customer, so that GET /v1/customers/{id}?as_of= reads only the events after the latest one.
-- Derivable again from the events at any time (the table may be emptied); a row of another fold_version is ignored.
CREATE TABLE customer_record_snapshot (
    customer_id      VARCHAR(255) NOT NULL,
    fold_version     INT          NOT NULL,
    -- the last event folded, and its identifier (checked against the stream before use)
    sequence_number  BIGINT       NOT NULL,
    event_identifier VARCHAR(255) NOT NULL,
    -- the latest time of the events folded, rounded up to the microsecond: usable for an instant at or after it
    folded_through   TIMESTAMPTZ  NOT NULL,
    -- the record in the event format, its personal data sealed with the customer's key (crypto-shredded with it)
    record           BYTEA        NOT NULL,
    PRIMARY KEY (customer_id, fold_version, sequence_number)
);

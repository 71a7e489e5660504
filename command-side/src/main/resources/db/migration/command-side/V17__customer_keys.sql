-- GDPR erasure by crypto-shredding (docs/gdpr-erasure.md): one data key per customer, outside the event store.
-- The key is wrapped (AES-256-GCM) by the master key (lealup.encryption.key). Erasure sets wrapped_key to NULL and
-- numbers the erasure from the counter row (its lock is held until the erasing command commits, so numbers become
-- visible in order): every node polls the erasures after the last one it saw and drops those keys from its cache.
CREATE TABLE customer_key (
    customer_id TEXT        NOT NULL PRIMARY KEY,
    wrapped_key BYTEA,
    created_at  TIMESTAMPTZ NOT NULL,
    erased_at   TIMESTAMPTZ,
    erasure     BIGINT,
    CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
);
CREATE INDEX customer_key_by_erasure ON customer_key (erasure) WHERE erasure IS NOT NULL;

CREATE TABLE customer_key_erasure_counter (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    erasure BIGINT  NOT NULL
);
INSERT INTO customer_key_erasure_counter VALUES (1, 0);

-- The customer a pending notification is about, so that its erasure drops the delivery (text and data are its
-- personal data). Null for the notifications requested before, and for those about no customer.
ALTER TABLE notification_outbox ADD COLUMN customer_id VARCHAR(40);
CREATE INDEX notification_outbox_by_customer ON notification_outbox (customer_id) WHERE customer_id IS NOT NULL;

-- A key whose request or stored response named a customer since erased keeps its place without them: a retry is
-- neither answered with the erased data nor run again within the key's lifetime (docs/gdpr-erasure.md).
ALTER TABLE idempotency_key
    DROP CONSTRAINT idempotency_key_state_check,
    ADD CONSTRAINT idempotency_key_state_check CHECK (state IN ('running', 'completed', 'erased'));

-- The key that seals positions a cursor must not show (SealedPositions, docs/conventions.md "Pagination"): a
-- position numbered across workspaces would let a tenant count other tenants' rows. 32 random bytes, drawn once
-- by the database (gen_random_uuid is a strong random source: 244 random bits from two), shared by every node.
CREATE TABLE cursor_key (
    id  int   NOT NULL PRIMARY KEY CHECK (id = 1),
    key bytea NOT NULL CHECK (length(key) = 32)
);
INSERT INTO cursor_key (id, key)
VALUES (1, decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

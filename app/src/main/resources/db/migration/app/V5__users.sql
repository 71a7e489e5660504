-- Users, territories and cross-node invalidation of the token caches (docs/identity.md).

-- Command side: set validation, written in the transaction of the command.
-- Admin users (invited or active, not deactivated) per workspace: the last one cannot be demoted or
-- deactivated. A conditional decrement (admin_count > 1) on this row is exact under concurrency.
CREATE TABLE workspace_admin_count (
    workspace_id VARCHAR(40) NOT NULL PRIMARY KEY,
    admin_count  INTEGER     NOT NULL CHECK (admin_count >= 0)
);

CREATE TABLE territory_name_claim (
    workspace_id VARCHAR(40)  NOT NULL,
    name_key     VARCHAR(200) NOT NULL,
    territory_id VARCHAR(40)  NOT NULL UNIQUE,
    PRIMARY KEY (workspace_id, name_key)
);

-- Query side: the users read model, part of the credentials projection (a bound key acts with its
-- user's current role and dies with the user).
CREATE TABLE user_view (
    user_id       VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(40)  NOT NULL,
    email         VARCHAR(320) NOT NULL,
    role          VARCHAR(20)  NOT NULL,
    locale        VARCHAR(8)   NOT NULL,
    timezone      VARCHAR(64)  NOT NULL,
    territory_ids TEXT         NOT NULL, -- space-separated, in invitation order
    status        VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    version       BIGINT       NOT NULL
);
CREATE INDEX user_view_by_workspace ON user_view (workspace_id, user_id);
CREATE INDEX credentials_api_key_user ON credentials_api_key (user_id) WHERE user_id IS NOT NULL;

-- Change feed of the credentials read model: every secret hash whose FindCredential answer changed, with
-- the change's number. Numbers come from the single counter row, locked by the projection's transaction,
-- so they become visible in order and a node that has seen change n has seen every change before it.
-- Every node polls it to evict its token cache. Not a read model: a replay appends to it, never resets it.
CREATE TABLE credentials_change_counter (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO credentials_change_counter VALUES (1, 0);

CREATE TABLE credentials_change (
    secret_hash CHAR(64) NOT NULL PRIMARY KEY,
    version     BIGINT   NOT NULL
);
CREATE INDEX credentials_change_by_version ON credentials_change (version);

CREATE TABLE territory_view (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    name_key     VARCHAR(200) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX territory_view_by_name ON territory_view (workspace_id, name_key, id);

-- Read model of the credentials projection (query-side com.lealup.read.credentials): workspaces and their
-- API keys, looked up by the SHA-256 of a bearer token on every request that misses the token cache.

CREATE TABLE credentials_workspace (
    workspace_id VARCHAR(40)  NOT NULL PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    tier         VARCHAR(20)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);

CREATE TABLE credentials_api_key (
    key_id       VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    role         VARCHAR(20)  NOT NULL,
    scopes       TEXT         NOT NULL, -- space-separated, in issue order
    user_id      VARCHAR(40),
    secret_hash  CHAR(64)     NOT NULL, -- hex SHA-256 of the secret; the secret itself is never stored
    created_at   TIMESTAMPTZ  NOT NULL,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX credentials_api_key_secret ON credentials_api_key (secret_hash);
CREATE INDEX credentials_api_key_valid ON credentials_api_key (workspace_id, key_id) WHERE revoked_at IS NULL;

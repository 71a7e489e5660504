-- Customers, contacts and segments.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Command side: set validation, written in the transaction of the command that claims or releases.
CREATE TABLE customer_email_domain_claim (
    workspace_id VARCHAR(40)  NOT NULL,
    email_domain VARCHAR(255) NOT NULL,
    customer_id  VARCHAR(40)  NOT NULL,
    PRIMARY KEY (workspace_id, email_domain)
);

CREATE TABLE segment_name_claim (
    workspace_id VARCHAR(40)  NOT NULL,
    name_key     VARCHAR(200) NOT NULL,
    segment_id   VARCHAR(40)  NOT NULL UNIQUE,
    PRIMARY KEY (workspace_id, name_key)
);

-- Users of a workspace by email (unique per workspace): written by the user commands; customers read
-- it to check owners.
CREATE TABLE user_email_claim (
    workspace_id VARCHAR(40)  NOT NULL,
    email        VARCHAR(320) NOT NULL,
    user_id      VARCHAR(40)  NOT NULL UNIQUE,
    deactivated  BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (workspace_id, email)
);

-- Automation: the trash purge policy's schedule.
CREATE TABLE trash_purge_schedule (
    customer_id  VARCHAR(40) NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(40) NOT NULL,
    purge_after  TIMESTAMPTZ NOT NULL
);
CREATE INDEX trash_purge_schedule_due ON trash_purge_schedule (purge_after);

-- Query side: read models.
CREATE TABLE customer_view (
    id                   VARCHAR(40)    NOT NULL PRIMARY KEY,
    workspace_id         VARCHAR(40)    NOT NULL,
    name                 VARCHAR(200)   NOT NULL,
    name_key             VARCHAR(200)   NOT NULL,
    search_text          TEXT           NOT NULL,
    email_domain         VARCHAR(255)   NOT NULL,
    arr                  NUMERIC(18, 2) NOT NULL,
    currency             VARCHAR(3)     NOT NULL,
    status               VARCHAR(16)    NOT NULL,
    owner_id             VARCHAR(40),
    segment_id           VARCHAR(40),
    renewal_date         DATE,
    forecast_category    VARCHAR(16)    NOT NULL,
    custom_fields        JSONB          NOT NULL DEFAULT '{}',
    health_score         INTEGER,
    health_status        VARCHAR(16),
    health_calculated_at TIMESTAMPTZ,
    created_at           TIMESTAMPTZ    NOT NULL,
    updated_at           TIMESTAMPTZ    NOT NULL,
    version              BIGINT         NOT NULL,
    deleted_at           TIMESTAMPTZ,
    purge_after          TIMESTAMPTZ
);
-- one index per list order (live customers), one for the trash, one trigram index for q
CREATE INDEX customer_view_by_created ON customer_view (workspace_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX customer_view_by_name ON customer_view (workspace_id, name_key, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_view_by_arr ON customer_view (workspace_id, arr DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX customer_view_by_renewal ON customer_view (workspace_id, renewal_date NULLS LAST, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_view_by_health ON customer_view (workspace_id, health_score DESC NULLS LAST, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX customer_view_by_status ON customer_view (workspace_id, status, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX customer_view_trash ON customer_view (workspace_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
CREATE INDEX customer_view_search ON customer_view USING gin (search_text gin_trgm_ops);

CREATE TABLE contact_view (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    customer_id     VARCHAR(40)  NOT NULL,
    workspace_id    VARCHAR(40)  NOT NULL,
    name            VARCHAR(200) NOT NULL,
    email           VARCHAR(320) NOT NULL,
    title           VARCHAR(200),
    is_champion     BOOLEAN      NOT NULL,
    whatsapp_number VARCHAR(16),
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX contact_view_by_customer ON contact_view (customer_id, id);

CREATE TABLE segment_view (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    name_key     VARCHAR(200) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX segment_view_by_name ON segment_view (workspace_id, name_key, id);

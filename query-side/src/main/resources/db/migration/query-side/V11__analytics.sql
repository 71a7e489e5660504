-- Analytics read models (docs/analytics.md): portfolio, renewal pipeline, retention cohorts. Each is its own
-- projection; amounts are NUMERIC, never floating point.

-- Portfolio: each customer's current state (the guard of redeliveries: version and health calculation)...
CREATE TABLE analytics_portfolio_customer (
    customer_id        VARCHAR(40)    NOT NULL PRIMARY KEY,
    workspace_id       VARCHAR(40)    NOT NULL,
    name               VARCHAR(200),
    version            BIGINT         NOT NULL,
    health_calculation BIGINT         NOT NULL,
    status             VARCHAR(16)    NOT NULL,
    arr                NUMERIC(18, 2) NOT NULL,
    health_status      VARCHAR(16),
    health_score       INTEGER,
    deleted            BOOLEAN        NOT NULL,
    purged             BOOLEAN        NOT NULL,
    state_from         TIMESTAMPTZ    NOT NULL
);

-- ...its states over time, [valid_from, valid_to) (valid_to NULL: the current one), for the top risks of any date...
CREATE TABLE analytics_portfolio_interval (
    customer_id   VARCHAR(40)    NOT NULL,
    valid_from    TIMESTAMPTZ    NOT NULL,
    valid_to      TIMESTAMPTZ,
    workspace_id  VARCHAR(40)    NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    arr           NUMERIC(18, 2) NOT NULL,
    health_status VARCHAR(16),
    health_score  INTEGER,
    deleted       BOOLEAN        NOT NULL,
    PRIMARY KEY (customer_id, valid_from)
);
CREATE INDEX analytics_portfolio_interval_risks ON analytics_portfolio_interval (workspace_id, arr DESC, customer_id)
    WHERE health_status = 'at_risk' AND status <> 'churned' AND NOT deleted;

-- ...and the daily change of the counts and ARR per status and health status: the figures of any date are the
-- sum of the changes up to that date (a few thousand rows per workspace, whatever its size).
CREATE TABLE analytics_portfolio_change (
    workspace_id  VARCHAR(40)    NOT NULL,
    day           DATE           NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    health_status VARCHAR(16)    NOT NULL,
    customers     INTEGER        NOT NULL,
    arr           NUMERIC(20, 2) NOT NULL,
    PRIMARY KEY (workspace_id, day, status, health_status)
);

-- Renewal pipeline: each customer's renewal as it stands.
CREATE TABLE analytics_renewal (
    customer_id       VARCHAR(40)    NOT NULL PRIMARY KEY,
    workspace_id      VARCHAR(40)    NOT NULL,
    version           BIGINT         NOT NULL,
    status            VARCHAR(16)    NOT NULL,
    arr               NUMERIC(18, 2) NOT NULL,
    renewal_date      DATE,
    forecast_category VARCHAR(16)    NOT NULL,
    deleted           BOOLEAN        NOT NULL
);

-- ...and the renewals counted (customers not churned, not deleted, with a date) per date and forecast category: a
-- year's pipeline sums at most 365 x 5 rows, whatever the number of customers.
CREATE TABLE analytics_renewal_day (
    workspace_id      VARCHAR(40)    NOT NULL,
    renewal_date      DATE           NOT NULL,
    forecast_category VARCHAR(16)    NOT NULL,
    customers         INTEGER        NOT NULL,
    arr               NUMERIC(20, 2) NOT NULL,
    PRIMARY KEY (workspace_id, renewal_date, forecast_category)
);

-- Retention cohorts: each customer's state and cohort (the month it first became active)...
CREATE TABLE analytics_cohort_customer (
    customer_id  VARCHAR(40)    NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(40)    NOT NULL,
    version      BIGINT         NOT NULL,
    status       VARCHAR(16)    NOT NULL,
    arr          NUMERIC(18, 2) NOT NULL,
    deleted      BOOLEAN        NOT NULL,
    cohort_month DATE,
    state_from   TIMESTAMPTZ    NOT NULL
);

-- ...and the daily change of each month cohort: members joining (size, starting ARR), members retained and their ARR.
CREATE TABLE analytics_cohort_change (
    workspace_id  VARCHAR(40)    NOT NULL,
    cohort_month  DATE           NOT NULL,
    day           DATE           NOT NULL,
    size          INTEGER        NOT NULL,
    starting_arr  NUMERIC(20, 2) NOT NULL,
    customers     INTEGER        NOT NULL,
    arr           NUMERIC(20, 2) NOT NULL,
    PRIMARY KEY (workspace_id, cohort_month, day)
);

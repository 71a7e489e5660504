-- The daily changes of the portfolio and the cohorts summed per month as well, kept by the same statements: the
-- figures of a date are the month sums before its month plus that month's days up to the date, a few hundred rows
-- where the daily changes alone are a few thousand a workspace (docs/analytics.md, docs/PERFORMANCE.md).
CREATE TABLE analytics_portfolio_month (
    workspace_id  VARCHAR(40)    NOT NULL,
    month         DATE           NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    health_status VARCHAR(16)    NOT NULL,
    customers     INTEGER        NOT NULL,
    arr           NUMERIC(20, 2) NOT NULL,
    PRIMARY KEY (workspace_id, month, status, health_status)
);
INSERT INTO analytics_portfolio_month (workspace_id, month, status, health_status, customers, arr)
SELECT workspace_id, date_trunc('month', day)::date, status, health_status, SUM(customers), SUM(arr)
FROM analytics_portfolio_change GROUP BY 1, 2, 3, 4;

CREATE TABLE analytics_cohort_month (
    workspace_id  VARCHAR(40)    NOT NULL,
    cohort_month  DATE           NOT NULL,
    month         DATE           NOT NULL,
    size          INTEGER        NOT NULL,
    starting_arr  NUMERIC(20, 2) NOT NULL,
    customers     INTEGER        NOT NULL,
    arr           NUMERIC(20, 2) NOT NULL,
    PRIMARY KEY (workspace_id, month, cohort_month)
);
INSERT INTO analytics_cohort_month (workspace_id, cohort_month, month, size, starting_arr, customers, arr)
SELECT workspace_id, cohort_month, date_trunc('month', day)::date, SUM(size), SUM(starting_arr), SUM(customers),
    SUM(arr)
FROM analytics_cohort_change GROUP BY 1, 2, 3;

-- a date's own month is read from the daily changes by day
CREATE INDEX analytics_cohort_change_by_day ON analytics_cohort_change (workspace_id, day);

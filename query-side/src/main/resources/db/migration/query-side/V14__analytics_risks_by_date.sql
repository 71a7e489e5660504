-- Top risks (docs/analytics.md). Now: the current at-risk intervals by ARR. A date: the intervals valid at an
-- instant, found by time (a GiST index over the workspace and the interval's range; btree_gist is a trusted
-- extension, so the database's owner may create it).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX analytics_portfolio_interval_current_risks ON analytics_portfolio_interval (workspace_id, arr DESC, customer_id)
    WHERE health_status = 'at_risk' AND status <> 'churned' AND NOT deleted AND valid_to IS NULL;
CREATE INDEX analytics_portfolio_interval_risks_during ON analytics_portfolio_interval
    USING gist (workspace_id, tstzrange(valid_from, valid_to))
    WHERE health_status = 'at_risk' AND status <> 'churned' AND NOT deleted;

-- A workspace's sums of ARR have no bound: each customer's ARR is below 10^15 (docs/customers.md) but a workspace may
-- hold any number of customers, and NUMERIC(20, 2) overflowed from the 1,001st at that ARR, parking its events in
-- the three analytics projections. The sums take PostgreSQL's largest precision, 1000 digits, which no count of
-- customers reaches; their scale stays 2, the amounts' (docs/analytics.md).
-- A read model being rebuilt blue/green at the upgrade (shadow_analytics_*) is changed too, so its swap brings no
-- bounded column back.
DO $$
DECLARE
    schema_name TEXT;
BEGIN
    FOREACH schema_name IN ARRAY ARRAY[current_schema(), 'shadow_analytics_portfolio', 'shadow_analytics_renewals',
            'shadow_analytics_cohorts'] LOOP
        IF to_regclass(schema_name || '.analytics_portfolio_change') IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I.analytics_portfolio_change ALTER COLUMN arr TYPE NUMERIC(1000, 2)', schema_name);
            EXECUTE format('ALTER TABLE %I.analytics_portfolio_month ALTER COLUMN arr TYPE NUMERIC(1000, 2)', schema_name);
        END IF;
        IF to_regclass(schema_name || '.analytics_renewal_day') IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I.analytics_renewal_day ALTER COLUMN arr TYPE NUMERIC(1000, 2)', schema_name);
        END IF;
        IF to_regclass(schema_name || '.analytics_cohort_change') IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I.analytics_cohort_change ALTER COLUMN starting_arr TYPE NUMERIC(1000, 2),
                                ALTER COLUMN arr TYPE NUMERIC(1000, 2)', schema_name);
            EXECUTE format('ALTER TABLE %I.analytics_cohort_month ALTER COLUMN starting_arr TYPE NUMERIC(1000, 2),
                                ALTER COLUMN arr TYPE NUMERIC(1000, 2)', schema_name);
        END IF;
    END LOOP;
END $$;

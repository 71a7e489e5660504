-- custom_fields.seats is any whole number the API accepts (below 10^15): an integer column cut the larger ones to
-- their low 32 bits. The rows already cut are right again once the customer's seats change or health-signals is
-- replayed (docs/health-model.md).
ALTER TABLE health_signal ALTER COLUMN seats TYPE BIGINT;

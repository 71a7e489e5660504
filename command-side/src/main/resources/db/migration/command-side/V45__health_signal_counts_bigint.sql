-- The health signals' counts grow with every ticket, invoice and product-activity event a client sends, without
-- bound: about 2^31 of one kind for a customer (or 2^31 activity events in one of its days) overflowed an integer
-- column, and the failing update parked the workspace's health-signals events (docs/health-model.md). One statement
-- per table, so each is rewritten once. health-signals is replayed in place: no shadow copy of these tables exists.
ALTER TABLE health_signal
    ALTER COLUMN tickets_low TYPE BIGINT,
    ALTER COLUMN tickets_normal TYPE BIGINT,
    ALTER COLUMN tickets_high TYPE BIGINT,
    ALTER COLUMN tickets_urgent TYPE BIGINT,
    ALTER COLUMN invoices_overdue TYPE BIGINT;
ALTER TABLE health_activity_day ALTER COLUMN events TYPE BIGINT;

-- GDPR erasure of imported rows (docs/gdpr-erasure.md): the import jobs whose rows name a customer (created, updated
-- or skipped it, or failed against it), added with each chunk in its transaction, so the erasure of a customer finds
-- every job that holds its values, including those that never changed it
CREATE TABLE import_job_customer (
    customer_id TEXT NOT NULL,
    job_id      TEXT NOT NULL,
    PRIMARY KEY (customer_id, job_id)
);

-- the failures stored before they named their customer (revision 1, message in clear), which the erasure of a
-- customer looks through; no event is written in revision 1 any more, so the index costs writes nothing
CREATE INDEX domain_event_entry_unnamed_failures ON domain_event_entry (aggregate_identifier)
    WHERE payload_revision IS NULL AND payload_type IN ('com.lealup.api.playbook.PlaybookActionFailed',
        'com.lealup.api.notification.NotificationFailed', 'com.lealup.api.notification.NotificationRetryScheduled');

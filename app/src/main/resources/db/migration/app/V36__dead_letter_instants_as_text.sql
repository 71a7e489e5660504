-- Axon's JDBC dead-letter queue (app/deadletters/DeadLetterTable) writes, compares and reads a letter's instants as
-- the text of Axon's DateTimeUtils: UTC, milliseconds, fixed width, so that the text sorts as the instants do. The
-- letters Axon's JPA queue parked keep their instants, in that text.
ALTER TABLE dead_letter_entry
    ALTER COLUMN enqueued_at TYPE VARCHAR(255)
        USING to_char(enqueued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    ALTER COLUMN last_touched TYPE VARCHAR(255)
        USING to_char(last_touched AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    ALTER COLUMN processing_started TYPE VARCHAR(255)
        USING to_char(processing_started AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

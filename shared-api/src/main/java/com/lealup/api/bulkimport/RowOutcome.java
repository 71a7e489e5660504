package com.lealup.api.bulkimport;

/**
 * What became of one row: {@code created}, {@code updated}, {@code skipped} (a conflict skipped, or a matched row whose
 * values the customer already held, which wrote no event) or {@code failed}, and its customer: the one it created,
 * updated or skipped, or the existing one a failed row matched or conflicts with (null for a failed row that names
 * none, and in chunks stored before failed rows named it). The erasure of that customer overwrites the row's personal
 * values (docs/gdpr-erasure.md).
 */
public record RowOutcome(int row, String result, String customerId) {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";
}

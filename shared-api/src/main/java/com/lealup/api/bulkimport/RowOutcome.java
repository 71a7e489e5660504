package com.lealup.api.bulkimport;

/** What became of one row: {@code created}, {@code updated}, {@code skipped} or {@code failed}, and its customer. */
public record RowOutcome(int row, String result, String customerId) {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";
}

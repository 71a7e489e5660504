package com.lealup.read.customer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lealup.api.customer.CustomerView;
import java.time.Duration;

/**
 * Live customers as last read, each with the version of its row it was read from: PostgreSQL's {@code xmin}, the
 * transaction that wrote that version of the row. Any change of a row (a write, a score, a replay's new table) gives it
 * a new {@code xmin}, and only one version of a row is ever visible with a given one, so a row found with the version
 * kept is the row kept. Transaction ids wrap around after 2^32 transactions; an hour, far less than PostgreSQL could
 * run of them, bounds how long a row is kept. Per node: each node compares with the shared database.
 */
final class KeptRows {

    /** About 30 MB of rows; the least used go first. */
    private static final int MAX_ROWS = 20_000;
    private static final Duration MAX_AGE = Duration.ofHours(1);

    private final Cache<String, Kept> rows = Caffeine.newBuilder().maximumSize(MAX_ROWS).expireAfterWrite(MAX_AGE).build();

    /** The customer kept at {@code version} of its row, or null. */
    CustomerView known(String id, long version) {
        Kept kept = rows.getIfPresent(id);
        return kept != null && kept.version() == version ? kept.row() : null;
    }

    CustomerView keep(CustomerView row, long version) {
        rows.put(row.id(), new Kept(version, row));
        return row;
    }

    private record Kept(long version, CustomerView row) {
    }
}

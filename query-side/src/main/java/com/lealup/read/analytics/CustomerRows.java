package com.lealup.read.analytics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

/**
 * A processor batch's rows of a table of one row per customer: the rows of every customer the batch's events name,
 * read in one statement when the first of them is asked for, kept as the batch's events leave them, and written in
 * one statement (an upsert of the rows the batch changed, as column arrays). A customer's events come in order in one
 * segment, so a row the batch read is still as it read it when it writes it.
 *
 * @param <R> a row, which knows its customer
 */
final class CustomerRows<R> {

    /**
     * {@code read} takes the customer ids as one {@code text[]} parameter and answers their rows; {@code write} takes
     * one array per column of {@code columns}.
     */
    record Table<R>(String read, RowMapper<R> row, Function<R, String> customerId, String write,
                    List<Function<R, Object>> columns) {
    }

    private final JdbcTemplate jdbc;
    private final Table<R> table;
    /** The customers the batch's events name that are not read yet. */
    private final Set<String> unread;
    /** Every customer read, with its row as the batch leaves it; none (null) before its creation. */
    private final Map<String, R> rows = new HashMap<>();
    private final Map<String, R> changed = new LinkedHashMap<>();

    CustomerRows(JdbcTemplate jdbc, Table<R> table, Set<String> customerIds) {
        this.jdbc = jdbc;
        this.table = table;
        this.unread = new LinkedHashSet<>(customerIds);
    }

    Optional<R> get(String customerId) {
        if (!rows.containsKey(customerId)) {
            read(customerId);
        }
        return Optional.ofNullable(rows.get(customerId));
    }

    /** The customer's row becomes {@code row}, written with the batch. */
    void put(R row) {
        String customerId = table.customerId().apply(row);
        rows.put(customerId, row);
        changed.put(customerId, row);
    }

    /** Sends the rows the batch changed, then forgets every row: the next events read them again. */
    void write() {
        try {
            AnalyticsBatch.writeRows(jdbc, table.write(), List.copyOf(changed.values()), table.columns());
        } finally {
            rows.clear();
            changed.clear();
        }
    }

    private void read(String customerId) {
        unread.add(customerId);
        unread.removeAll(rows.keySet());
        List<String> ids = List.copyOf(unread);
        jdbc.query(table.read(), (RowCallbackHandler) rs -> {
            R row = table.row().mapRow(rs, 0);
            rows.put(table.customerId().apply(row), row);
        }, (Object) ids.toArray(String[]::new));
        ids.forEach(id -> rows.putIfAbsent(id, null));
        unread.clear();
    }
}

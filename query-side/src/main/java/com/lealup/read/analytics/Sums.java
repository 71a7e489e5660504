package com.lealup.read.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a processor batch adds to rows of sums (a day's counts and ARR), added up per row and written in one statement.
 * Batches of different segments add to the same rows of a workspace: each writes them in one order (the keys sorted),
 * so two batches wait for each other without a deadlock.
 *
 * @param <K> a row's key
 * @param <V> what is added to it
 */
final class Sums<K, V> {

    /** {@code add} takes one array per column of {@code columns}, rows in their keys' order. */
    record Table<K, V>(Comparator<K> order, BinaryOperator<V> plus, String add,
                       List<Function<Map.Entry<K, V>, Object>> columns) {
    }

    private final JdbcTemplate jdbc;
    private final Table<K, V> table;
    private final Map<K, V> sums;

    Sums(JdbcTemplate jdbc, Table<K, V> table) {
        this.jdbc = jdbc;
        this.table = table;
        this.sums = new TreeMap<>(table.order());
    }

    void add(K key, V value) {
        sums.merge(key, value, table.plus());
    }

    /** Sends the additions, then forgets them. */
    void write() {
        try {
            AnalyticsBatch.writeRows(jdbc, table.add(), new ArrayList<>(sums.entrySet()), table.columns());
        } finally {
            sums.clear();
        }
    }
}

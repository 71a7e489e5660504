package com.lealup.app.projections;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The DDL of a blue/green replay: copies of a read model's tables in a shadow schema, and the swap that makes
 * them the live ones. A copy has the live table's columns, defaults, checks, primary and unique keys and
 * triggers from the start (the projection's upserts need the keys); its other indexes are built once the copy
 * has caught up ({@link #createIndexes}), which spares the replay their upkeep per row. The live schema is the
 * connection's {@code current_schema()}; both keep the live names of tables, indexes and constraints, so the
 * swapped-in tables are what the migrations know.
 */
final class ShadowTables {

    /** {@code CREATE [UNIQUE] INDEX name ON [ONLY] schema.table USING ...}: the table to re-point. */
    private static final Pattern INDEX_TABLE = Pattern.compile("^(CREATE (?:UNIQUE )?INDEX \\S+ ON )(?:ONLY )?\\S+( USING )");
    private static final Pattern TRIGGER_TABLE = Pattern.compile(" ON (?:ONLY )?\\S+ (FOR EACH|REFERENCING|FROM|NOT DEFERRABLE|DEFERRABLE|WHEN|EXECUTE)");

    /** Index builds at once at the end of a build: the machine's cores (2 here), not more. */
    private static final int PARALLEL_BUILDS = 2;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final String live;

    ShadowTables(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.live = jdbc.queryForObject("SELECT current_schema()", String.class);
    }

    String liveSchema() {
        return live;
    }

    /** The shadow schema of a processing group: a plain identifier. */
    static String schemaOf(String group) {
        return "shadow_" + group.toLowerCase().replaceAll("[^a-z0-9]", "_");
    }

    /** A new, empty shadow schema with a copy of each table (what an earlier build left there is dropped). */
    void create(String schema, List<String> tables) {
        transaction.executeWithoutResult(tx -> {
            jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            jdbc.execute("CREATE SCHEMA " + schema);
            for (String table : tables) {
                String copy = schema + "." + table;
                jdbc.execute("CREATE TABLE " + copy + " (LIKE " + qualified(table) + " INCLUDING ALL EXCLUDING INDEXES)");
                for (String constraint : jdbc.queryForList("""
                                SELECT quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
                                WHERE c.conrelid = CAST(? AS regclass) AND c.contype IN ('p', 'u', 'x')""",
                        String.class, qualified(table))) {
                    jdbc.execute("ALTER TABLE " + copy + " ADD CONSTRAINT " + constraint);
                }
                for (String index : indexes(table, true)) {
                    jdbc.execute(onTable(INDEX_TABLE, index, copy));
                }
                for (String trigger : jdbc.queryForList("""
                                SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t
                                WHERE t.tgrelid = CAST(? AS regclass) AND NOT t.tgisinternal""",
                        String.class, qualified(table))) {
                    jdbc.execute(onTable(TRIGGER_TABLE, trigger, copy));
                }
            }
        });
    }

    /**
     * The live tables' other indexes on the copies, and fresh statistics for the planner; answers what each took
     * (for the log: they are a part of a long replay's time). PostgreSQL builds an index mostly on one process, and
     * nothing else of the build runs by then: {@link #PARALLEL_BUILDS} are built at once, the longest (GIN) first so
     * that they end together (a quarter less time than one after the other, docs/PERFORMANCE.md). An index left by
     * a failed attempt is kept by the next one.
     */
    String createIndexes(String schema, List<String> tables) {
        // each index's name (pg_get_indexdef's third word) and the statement that builds it on the copy
        Queue<Map.Entry<String, String>> statements = new ConcurrentLinkedQueue<>();
        for (String table : tables) {
            indexes(table, false).stream().sorted(Comparator.comparing(index -> !index.contains(" USING gin ")))
                    .map(index -> Map.entry(index.split(" ")[2], onTable(INDEX_TABLE, index, schema + "." + table)
                            .replaceFirst("^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ")))
                    .forEach(statements::add);
        }
        Queue<String> took = new ConcurrentLinkedQueue<>();
        ExecutorService builders = Executors.newFixedThreadPool(PARALLEL_BUILDS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < PARALLEL_BUILDS; i++) {
                running.add(builders.submit(() -> {
                    for (Map.Entry<String, String> next = statements.poll(); next != null; next = statements.poll()) {
                        String statement = next.getValue();
                        took.add(timed(next.getKey(), () -> jdbc.execute(statement)));
                    }
                }));
            }
            for (Future<?> build : running) {
                build.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the indexes of " + schema, e);
        } finally {
            builders.shutdownNow();
        }
        for (String table : tables) {
            took.add(timed("ANALYZE " + table, () -> jdbc.execute("ANALYZE " + schema + "." + table)));
        }
        return String.join(", ", took);
    }

    private static String timed(String what, Runnable work) {
        long began = System.nanoTime();
        work.run();
        return what + " " + (System.nanoTime() - began) / 1_000_000 + " ms";
    }

    /**
     * In the caller's transaction: drops the live tables and moves the copies in their place. Readers wait for the
     * commit (at most {@code lockTimeout}), then read the new tables.
     */
    void swap(String schema, List<String> tables, String lockTimeout) {
        jdbc.execute("SET LOCAL lock_timeout = '" + lockTimeout + "'");
        jdbc.execute("LOCK TABLE " + String.join(", ", tables.stream().map(this::qualified).toList())
                + " IN ACCESS EXCLUSIVE MODE");
        for (String table : tables) {
            jdbc.execute("DROP TABLE " + qualified(table));
            jdbc.execute("ALTER TABLE " + schema + "." + table + " SET SCHEMA " + quote(live));
        }
        jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
    }

    void drop(String schema) {
        jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    boolean exists(String schema) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", Boolean.class, schema));
    }

    /** The live table's indexes that no constraint owns: the unique ones, or the others. */
    private List<String> indexes(String table, boolean unique) {
        return jdbc.queryForList("""
                        SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                        WHERE i.indrelid = CAST(? AS regclass) AND i.indisunique = ?
                          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                        ORDER BY i.indexrelid""",
                String.class, qualified(table), unique);
    }

    private String qualified(String table) {
        return quote(live) + "." + table;
    }

    private static String onTable(Pattern pattern, String definition, String table) {
        Matcher matcher = pattern.matcher(definition);
        if (!matcher.find()) {
            throw new IllegalStateException("Cannot copy to " + table + ": " + definition);
        }
        return pattern == INDEX_TABLE
                ? matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + table + matcher.group(2)))
                : matcher.replaceFirst(Matcher.quoteReplacement(" ON " + table + " " + matcher.group(1)));
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}

package com.lealup.read.customers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.common.AxonTransientException;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * The customers projection's writes whose row counts it does not need, queued for the processor's batch and sent
 * once, just before its transaction commits, as JDBC batches (one per run of the same statement, in order): a batch
 * of events costs a few round trips instead of one per event, which is what a replay spends its time on. Anything
 * that reads or needs a count {@link #flush}es first, so every statement still sees the ones before it.
 * <p>
 * Queued only inside a processor's batch ({@link BatchingUnitOfWork}), after which the emitter's updates (sent after
 * the commit) and the token (stored in the same transaction) are as before. A failing statement fails the batch at
 * the commit (or in the handler of a later event that flushes), where no handler can isolate it: so a failed flush
 * turns the queue off for a minute and fails the whole batch as transient ({@link FlushFailed}); the processor
 * retries it with every statement run in its own handler, and the failing event is isolated and dead-lettered as
 * any other (docs/running.md).
 */
final class BatchedWrites {

    private static final long BYPASS_NANOS = 60_000_000_000L;
    private static final String QUEUE = BatchedWrites.class.getName();

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private volatile long bypassUntil = System.nanoTime();

    BatchedWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** A statement with named parameters. */
    void add(String sql, Map<String, ?> parameters) {
        Queue queue = queue();
        if (queue == null) {
            named.update(sql, parameters);
        } else {
            queue.add(sql, new MapSqlParameterSource(parameters), null);
        }
    }

    /** A statement with positional parameters. */
    void add(String sql, Object... parameters) {
        Queue queue = queue();
        if (queue == null) {
            jdbc.update(sql, parameters);
        } else {
            queue.add(sql, null, parameters);
        }
    }

    /** Sends what is queued: before a statement that reads what they write or needs its count. */
    void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            Queue queue = CurrentUnitOfWork.get().root().getResource(QUEUE);
            if (queue != null) {
                send(queue);
            }
        }
    }

    private Queue queue() {
        if (!CurrentUnitOfWork.isStarted() || System.nanoTime() - bypassUntil < 0) {
            return null;
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        if (!(unit instanceof BatchingUnitOfWork<?>)) {
            return null;
        }
        return unit.getOrComputeResource(QUEUE, key -> {
            Queue queue = new Queue();
            unit.onPrepareCommit(u -> send(queue));
            return queue;
        });
    }

    private void send(Queue queue) {
        try {
            int i = 0;
            while (i < queue.statements.size()) {
                Statement first = queue.statements.get(i);
                int end = i;
                while (end < queue.statements.size() && queue.statements.get(end).sameAs(first)) {
                    end++;
                }
                List<Statement> run = queue.statements.subList(i, end);
                if (first.named != null) {
                    named.batchUpdate(first.sql, run.stream().map(s -> s.named).toArray(SqlParameterSource[]::new));
                } else {
                    jdbc.batchUpdate(first.sql, run.stream().map(s -> s.positional).toList());
                }
                i = end;
            }
        } catch (RuntimeException e) {
            bypassUntil = System.nanoTime() + BYPASS_NANOS;
            throw new FlushFailed(e);
        } finally {
            queue.statements.clear();
        }
    }

    /**
     * Transient, so that the whole batch is rolled back and retried (HandlerIsolation) rather than the event whose
     * handler happened to flush being dead-lettered for another's statement.
     */
    static final class FlushFailed extends AxonTransientException {

        FlushFailed(RuntimeException cause) {
            super("A queued statement of the customers projection failed; the batch is retried unqueued", cause);
        }
    }

    private static final class Queue {
        final List<Statement> statements = new ArrayList<>();

        void add(String sql, SqlParameterSource named, Object[] positional) {
            statements.add(new Statement(sql, named, positional));
        }
    }

    private record Statement(String sql, SqlParameterSource named, Object[] positional) {
        boolean sameAs(Statement other) {
            return sql.equals(other.sql) && (named == null) == (other.named == null);
        }
    }
}

package com.lealup.read.analytics;

import com.lealup.api.projections.ColumnArrays;
import com.lealup.api.projections.ProcessorBatch;
import com.lealup.api.projections.SequencedByCustomer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An analytics projection's changes per processor batch ({@link ProcessorBatch}): made by the batch's handlers on
 * what its first event read of all the batch's customers, and written as it commits, a few statements whatever its
 * size. Outside a batch (a dead letter's retry, a test), and for the minute after a batch's write failed, an event's
 * changes are its own, made and written at once by the same code: they give the same rows.
 *
 * @param <Q> the changes, made from the customers the batch's events name
 */
final class AnalyticsBatch<Q extends AnalyticsBatch.Changes> {

    /** Sends {@code sql} with the rows as its column arrays ({@link ColumnArrays}); nothing when there are none. */
    static <R> void writeRows(JdbcTemplate jdbc, String sql, List<R> rows, List<Function<R, Object>> columns) {
        if (!rows.isEmpty()) {
            jdbc.update(sql, ColumnArrays.params(rows, columns));
        }
    }

    /** What a batch changed, sent when {@link #write} is called; then forgotten. */
    interface Changes {

        void write();
    }

    private final ProcessorBatch<Q> batch;
    private final Function<Set<String>, Q> changes;

    AnalyticsBatch(String processingGroup, Function<Set<String>, Q> changes) {
        this.changes = changes;
        this.batch = new ProcessorBatch<>(processingGroup, () -> changes.apply(customersOfTheBatch()), Q::write);
    }

    /** Runs a handler on its batch's changes, or on changes of its own, written at once. */
    void apply(Consumer<Q> handler) {
        Q queued = batch.queue();
        if (queued != null) {
            handler.accept(queued);
            return;
        }
        Q own = changes.apply(Set.of());
        handler.accept(own);
        own.write();
    }

    private static Set<String> customersOfTheBatch() {
        return ProcessorBatch.messages().stream().filter(EventMessage.class::isInstance)
                .map(m -> SequencedByCustomer.customerOf((EventMessage<?>) m)).filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}

package com.lealup.api.projections;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rows a processor's handlers insert, in the order of their calls: in a processor's batch of events they are
 * inserted together, in one statement, just before it commits ({@link ProcessorBatch}); outside one, at once.
 *
 * @param <R> a row
 */
public final class BatchedInserts<R> {

    private final Consumer<List<R>> insert;
    private final ProcessorBatch<List<R>> batch;

    /** {@code insert} writes its rows in their order, in one statement. */
    public BatchedInserts(String name, Consumer<List<R>> insert) {
        this.insert = insert;
        this.batch = new ProcessorBatch<>(name, ArrayList::new, this::insertQueued);
    }

    public void add(R row) {
        List<R> queued = batch.queue();
        if (queued == null) {
            insert.accept(List.of(row));
        } else {
            queued.add(row);
        }
    }

    /** Inserts what the current batch queued: before a statement that must see it. */
    public void flush() {
        batch.flush();
    }

    private void insertQueued(List<R> queued) {
        if (!queued.isEmpty()) {
            try {
                insert.accept(queued);
            } finally {
                queued.clear();
            }
        }
    }
}

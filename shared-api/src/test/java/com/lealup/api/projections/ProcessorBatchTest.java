package com.lealup.api.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

/** A processor batch's queued writes: written once at its commit, at once outside one, off for a while after a failure. */
class ProcessorBatchTest {

    private final List<List<String>> written = new ArrayList<>();
    private boolean failing;
    private final ProcessorBatch<List<String>> batch = new ProcessorBatch<>("test", ArrayList::new, queue -> {
        if (failing) {
            throw new IllegalStateException("the store refuses");
        }
        if (!queue.isEmpty()) {
            written.add(List.copyOf(queue));
            queue.clear();
        }
    });

    /** A batch of {@code events} events, each handled by {@code handler}, as a tracking processor runs it. */
    private static void inOneProcessorBatch(int events, Runnable handler) {
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            payloads.add("event " + i);
        }
        new BatchingUnitOfWork<>(payloads.stream().map(GenericEventMessage::asEventMessage).toList()).execute(handler);
    }

    @Test
    void whatABatchQueuesIsWrittenOnceAtItsCommitAndAFlushWritesItAtOnce() {
        inOneProcessorBatch(3, () -> batch.queue().add("event"));
        assertThat(written).containsExactly(List.of("event", "event", "event"));

        written.clear();
        inOneProcessorBatch(1, () -> {
            batch.queue().add("a");
            batch.flush();
            assertThat(written).containsExactly(List.of("a"));
            batch.queue().add("b");
        });
        assertThat(written).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void thereIsNoQueueOutsideAProcessorBatch() {
        assertThat(batch.queue()).isNull();
        DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("dead letter")).execute(() ->
                assertThat(batch.queue()).as("a dead letter's retry").isNull());
    }

    @Test
    void aFailedWriteFailsTheBatchAsTransientAndTheNextBatchesWriteAtOnce() {
        failing = true;
        assertThatThrownBy(() -> inOneProcessorBatch(2, () -> batch.queue().add("event")))
                .isInstanceOf(AxonTransientException.class);
        failing = false;
        inOneProcessorBatch(1, () -> assertThat(batch.queue()).as("turned off for a while").isNull());
    }
}

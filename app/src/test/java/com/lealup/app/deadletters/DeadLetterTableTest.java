package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Axon's JDBC dead-letter queue on the server's {@code dead_letter_entry}, in a processing group of the test's own. */
class DeadLetterTableTest extends ApiTest {

    @Autowired
    private Configuration axon;
    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private TransactionManager transactions;

    private final String group = "dead-letter-table-test-" + UUID.randomUUID();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void clearTheGroup() {
        threads.shutdownNow();
        jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", group);
    }

    @Test
    void aLetterIsStoredAndReadBackWithItsCauseAndInstants() {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue();
        Instant before = Instant.now().minusMillis(1);

        park(queue, "customer-1", "first");

        List<DeadLetter<? extends EventMessage<?>>> letters = letters(queue, "customer-1");
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.message().getPayload()).isEqualTo("first");
            assertThat(letter.cause()).hasValueSatisfying(cause -> assertThat(cause.message()).isEqualTo("boom"));
            assertThat(letter.enqueuedAt()).isAfter(before);
        });
        // the instants as text that sorts as they do (V36)
        assertThat(jdbc.queryForObject("SELECT enqueued_at FROM dead_letter_entry WHERE processing_group = ?",
                String.class, group)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    }

    /** The operator's retry of one sequence (a filter) finds it however many are parked before it. */
    @Test
    void aRetryOfOneSequenceFindsItBehindMoreThanAPageOfOthers() {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue();
        for (int i = 0; i < 25; i++) {
            park(queue, "customer-" + i, "event of " + i);
        }
        List<Object> retried = new ArrayList<>();

        boolean processed = queue.process(letter -> letter.message().getPayload().equals("event of 23"),
                letter -> {
                    retried.add(letter.message().getPayload());
                    return Decisions.evict();
                });

        assertThat(processed).isTrue();
        assertThat(retried).containsExactly("event of 23");
        assertThat(queue.contains("customer-23")).isFalse();
        assertThat(queue.amountOfSequences()).isEqualTo(24);
    }

    /** A sequence whose first letters are gone is read whole, each letter once, across pages. */
    @Test
    void aLongSequenceIsReadWholeOnceItsFirstLettersAreGone() {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue();
        for (int i = 0; i < 150; i++) {
            park(queue, "customer-long", "event " + i);
        }
        List<DeadLetter<? extends EventMessage<?>>> parked = letters(queue, "customer-long");
        parked.subList(0, 5).forEach(queue::evict);

        assertThat(letters(queue, "customer-long").stream().<Object>map(letter -> letter.message().getPayload()).toList())
                .containsExactlyElementsOf(IntStream.range(5, 150).mapToObj(i -> "event " + i).toList());
    }

    /** A processor saw the sequence parked and added its event: the eviction waits for it, and takes it too. */
    @Test
    void anEvictionTakesTheLetterAProcessorAddsWhileItRuns() throws Exception {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue();
        park(queue, "customer-1", "first");
        Held<Boolean> processor = heldOpen(() -> queue.enqueueIfPresent("customer-1",
                () -> letter("customer-1", "second")));

        Future<List<DeadLetter<? extends EventMessage<?>>>> eviction =
                inTransaction(() -> DeadLetterTable.evictSequence(queue, "customer-1"));
        Thread.sleep(300);
        assertThat(eviction).as("the eviction waits for the processor's letter").isNotDone();
        processor.commit();

        assertThat(processor.result().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(eviction.get(10, TimeUnit.SECONDS).stream().<Object>map(letter -> letter.message().getPayload()))
                .containsExactly("first", "second");
        assertThat(queue.contains("customer-1")).isFalse();
    }

    /** A processor that comes to the sequence while it is being evicted waits, then handles its event itself. */
    @Test
    void aProcessorDoesNotAddToASequenceWhoseEvictionIsUnderWay() throws Exception {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue();
        park(queue, "customer-1", "first");
        Held<List<DeadLetter<? extends EventMessage<?>>>> eviction =
                heldOpen(() -> DeadLetterTable.evictSequence(queue, "customer-1"));

        Future<Boolean> processor = inTransaction(() ->
                queue.enqueueIfPresent("customer-1", () -> letter("customer-1", "second")));
        Thread.sleep(300);
        assertThat(processor).as("the processor waits for the eviction").isNotDone();
        eviction.commit();

        assertThat(eviction.result().get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(processor.get(10, TimeUnit.SECONDS)).as("the sequence is no longer parked").isFalse();
        assertThat(queue.contains("customer-1")).isFalse();
    }

    /** Work done in a transaction that stays open until {@link #commit}. */
    private record Held<T>(Future<T> result, CountDownLatch committing) {
        void commit() {
            committing.countDown();
        }
    }

    private <T> Held<T> heldOpen(Supplier<T> work) {
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch committing = new CountDownLatch(1);
        Future<T> result = inTransaction(() -> {
            T value = work.get();
            done.countDown();
            await(committing);
            return value;
        });
        await(done);
        return new Held<>(result, committing);
    }

    private <T> Future<T> inTransaction(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> transactions.fetchInTransaction(work), threads);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return DeadLetterTable.queue(group, axon, 1_000, 1_000);
    }

    private static void park(SequencedDeadLetterQueue<EventMessage<?>> queue, String sequence, String payload) {
        queue.enqueue(sequence, letter(sequence, payload));
    }

    private static DeadLetter<EventMessage<?>> letter(String sequence, String payload) {
        return new GenericDeadLetter<>(sequence, GenericEventMessage.asEventMessage(payload),
                new IllegalStateException("boom"));
    }

    private static List<DeadLetter<? extends EventMessage<?>>> letters(SequencedDeadLetterQueue<EventMessage<?>> queue,
                                                                       String sequence) {
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(sequence).forEach(letters::add);
        return letters;
    }
}

package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.api.Written;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.Test;

/** The wait on Axon's own query bus and update emitter: the read model is a number the test sets. */
class ReadYourWritesTest {

    private final SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
    private final SimpleQueryBus bus = SimpleQueryBus.builder().queryUpdateEmitter(emitter).build();
    private static final Accepted CREATED = Accepted.of("/v1/things/x", "x", 1);

    private final ReadModel readModel = new ReadModel();

    ReadYourWritesTest() {
        new AnnotationQueryHandlerAdapter<>(readModel).subscribe(bus);
    }

    @Test
    void aWriteShownAlreadyIsAnsweredByOneRead() {
        readModel.version.set(1);

        assertThat(waitFor(1, Duration.ofSeconds(5))).contains(1L);
        assertThat(readModel.reads).hasValue(1);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void anUpdateOfTheProjectionAnswersTheWait() throws Exception {
        CompletableFuture<Optional<Long>> answer = CompletableFuture.supplyAsync(() -> waitFor(1, Duration.ofSeconds(5)));
        awaitFirstRead();

        // the read model still answers 0: only the update can answer 1
        emitter.emit(FindVersion.class, query -> true, 1L);

        assertThat(answer.get(5, TimeUnit.SECONDS)).contains(1L);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void anUpdateThatDoesNotSatisfyTheConditionIsNotTheAnswer() throws Exception {
        CompletableFuture<Optional<Long>> answer = CompletableFuture.supplyAsync(() -> waitFor(2, Duration.ofSeconds(5)));
        awaitFirstRead();

        emitter.emit(FindVersion.class, query -> true, 1L);
        emitter.emit(FindVersion.class, query -> true, 2L);

        assertThat(answer.get(5, TimeUnit.SECONDS)).contains(2L);
    }

    @Test
    void aProjectionOfAnotherNodeIsSeenByTheReadsWhileWaiting() throws Exception {
        CompletableFuture<Optional<Long>> answer = CompletableFuture.supplyAsync(() -> waitFor(1, Duration.ofSeconds(5)));
        awaitFirstRead();

        // no update reaches this node
        readModel.version.set(1);

        assertThat(answer.get(5, TimeUnit.SECONDS)).contains(1L);
        assertThat(readModel.reads.get()).isGreaterThanOrEqualTo(2);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void pastTheTimeoutTheAnswerIsAFreshReadThatMayNotSatisfyTheCondition() {
        long start = System.nanoTime();

        Optional<Long> answer = waitFor(1, Duration.ofMillis(300));

        assertThat(answer).contains(0L);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        // the first read, the polls at 25, 75 and 175 ms, the one at the deadline
        assertThat(readModel.reads.get()).isBetween(3, 6);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    /** A creation opens the wait before its write: the update of a projection as fast as the write is not missed. */
    @Test
    void aCreationIsShownByTheUpdateWithoutAnyRead() {
        readYourWrites(Duration.ofSeconds(5)).awaitCreation(new FindVersion("x"),
                () -> emitter.emit(FindVersion.class, query -> true, 1L), CREATED);

        assertThat(readModel.reads).hasValue(0);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void aCreationProjectedByAnotherNodeIsSeenByTheFirstPoll() {
        readYourWrites(Duration.ofSeconds(5)).awaitCreation(new FindVersion("x"), () -> readModel.version.set(1),
                CREATED);

        assertThat(readModel.reads).hasValue(1);
    }

    /** Alone, the update answers: a slow one is not met by reads, which are the fallback of a lost one. */
    @Test
    void aNodeThatProjectsAloneWaitsForTheUpdateWithoutReading() throws Exception {
        CompletableFuture<Long> answer = CompletableFuture.supplyAsync(() -> readYourWrites(Duration.ofSeconds(5),
                ReadYourWrites.Projectors.THIS_NODE).awaitWrite(new FindVersion("x"), Long.class, Long::longValue,
                () -> Written.change(1), v -> CREATED));
        Thread.sleep(ReadYourWrites.FALLBACK_MILLIS / 2);
        emitter.emit(FindVersion.class, query -> true, 1L);

        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(1L);
        assertThat(readModel.reads).as("%d ms of waiting without a read", ReadYourWrites.FALLBACK_MILLIS / 2).hasValue(0);
    }

    @Test
    void aNodeThatProjectsAloneReadsWhenTheUpdateIsLost() {
        long start = System.nanoTime();

        readYourWrites(Duration.ofSeconds(5), ReadYourWrites.Projectors.THIS_NODE).awaitCreation(new FindVersion("x"),
                () -> readModel.version.set(1), CREATED);

        assertThat(readModel.reads).hasValue(1);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(ReadYourWrites.FALLBACK_MILLIS));
    }

    @Test
    void aCreationNotShownWithinTheTimeoutIsAccepted() {
        assertThatThrownBy(() -> readYourWrites(Duration.ofMillis(100)).awaitCreation(new FindVersion("x"), () -> { },
                CREATED)).isInstanceOf(WriteAccepted.class);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void aCreationThatFailsLeavesNoSubscription() {
        assertThatThrownBy(() -> readYourWrites(Duration.ofSeconds(5)).awaitCreation(new FindVersion("x"), () -> {
            throw new IllegalStateException("refused");
        }, CREATED)).hasMessage("refused");
        assertThat(readModel.reads).hasValue(0);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    /**
     * A write that changed its aggregate opens the wait before it, as a creation does, though the version to wait for is
     * known only once it returns: the projection's updates during the write are kept, the older ones are not the answer.
     */
    @Test
    void aWriteThatChangedItsAggregateIsShownByTheUpdateWithoutAnyRead() {
        readYourWrites(Duration.ofSeconds(5)).awaitWrite(new FindVersion("x"), () -> {
            emitter.emit(FindVersion.class, query -> true, 2L);
            emitter.emit(FindVersion.class, query -> true, 3L);
            return new Written(3, true);
        }, v -> Accepted.of("/v1/things/x", "x", v));

        assertThat(readModel.reads).hasValue(0);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void aWriteThatChangedItsAggregateIsAcceptedWhenOnlyAnOlderVersionIsShown() {
        AtomicLong acceptedVersion = new AtomicLong();
        assertThatThrownBy(() -> readYourWrites(Duration.ofMillis(100)).awaitWrite(new FindVersion("x"), () -> {
            emitter.emit(FindVersion.class, query -> true, 2L);
            return new Written(3, true);
        }, v -> {
            acceptedVersion.set(v);
            return Accepted.of("/v1/things/x", "x", v);
        })).isInstanceOf(WriteAccepted.class);
        assertThat(acceptedVersion).hasValue(3);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    /** The update carries what the write answers (a customer's detail): once it shows the write, it is the answer. */
    @Test
    void aWriteIsAnsweredByTheUpdateThatShowsItWithoutAnyRead() {
        Shown answer = readYourWrites(Duration.ofSeconds(5)).awaitWrite(new FindShown("x"), Shown.class,
                Shown::version, () -> {
                    emitter.emit(FindShown.class, query -> true, new Shown("before", 1));
                    emitter.emit(FindShown.class, query -> true, new Shown("after", 2));
                    return new Written(2, true);
                }, v -> Accepted.of("/v1/things/x", "x", v));

        assertThat(answer).isEqualTo(new Shown("after", 2));
        assertThat(readModel.reads).hasValue(0);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    /** Nothing changed, so no update will come: the version already shown answers at once, by one read. */
    @Test
    void aWriteThatChangedNothingIsAnsweredByOneRead() {
        readModel.version.set(4);

        readYourWrites(Duration.ofSeconds(5)).awaitWrite(new FindVersion("x"), () -> new Written(4, false),
                v -> Accepted.of("/v1/things/x", "x", v));

        // every poll reads: one read is the answer without waiting for a poll (a time would tell the machine's load)
        assertThat(readModel.reads).hasValue(1);
    }

    @Test
    void aDeletionIsShownByTheUpdateWithoutAnyRead() {
        readYourWrites(Duration.ofSeconds(5)).awaitChangeAtMost(new FindVersion("x"), () -> {
            emitter.emit(FindVersion.class, query -> true, 2L);
            return 2;
        });

        assertThat(readModel.reads).hasValue(0);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    /** A DELETE answers 204 whether or not its read model shows it in time: the wait ends quietly at the timeout. */
    @Test
    void aDeletionNotShownWithinTheTimeoutEndsTheWaitWithoutAnAnswer() {
        long start = System.nanoTime();

        readYourWrites(Duration.ofMillis(100)).awaitChangeAtMost(new FindVersion("x"), () -> 2);

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(readModel.reads.get()).isPositive();
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    /** A node whose waits may read models another node projects (the polls are its only way to see them). */
    private ReadYourWrites readYourWrites(Duration timeout) {
        return readYourWrites(timeout, ReadYourWrites.Projectors.ANY_NODE);
    }

    private ReadYourWrites readYourWrites(Duration timeout, ReadYourWrites.Projectors projectors) {
        return new ReadYourWrites(DefaultQueryGateway.builder().queryBus(bus).build(), timeout, projectors);
    }

    private Optional<Long> waitFor(long version, Duration timeout) {
        return readYourWrites(timeout).await(new FindVersion("x"), Long.class, shown -> shown >= version);
    }

    private void awaitFirstRead() throws InterruptedException {
        while (readModel.reads.get() == 0) {
            Thread.sleep(1);
        }
    }

    record FindVersion(String id) {
    }

    record FindShown(String id) {
    }

    record Shown(String name, long version) {
    }

    static final class ReadModel {

        final AtomicLong version = new AtomicLong();
        final AtomicInteger reads = new AtomicInteger();

        @QueryHandler
        Optional<Long> handle(FindVersion query) {
            reads.incrementAndGet();
            return Optional.of(version.get());
        }

        @QueryHandler
        Optional<Shown> handle(FindShown query) {
            reads.incrementAndGet();
            return Optional.empty();
        }
    }
}

package com.lealup.http.support;

import com.lealup.api.Written;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Lets a write answer only once the read model shows it: "wait until query Q answers a result satisfying P".
 * <p>
 * Contract for the query: its handler answers {@code R}, or {@code Optional<R>} when there may be none, and the
 * projection, after updating its rows, emits the new {@code R} with {@code QueryUpdateEmitter.emit(Q.class, filter,
 * r)}. The wait is a
 * subscription query (updates are registered before the initial answer is read, so none is missed; a write run
 * through {@link #awaitWrite}, {@link #awaitChange}, {@link #awaitCreation} or {@link #awaitChangeAtMost} registers
 * them before it starts and, when it changed its aggregate, needs no initial answer), bounded
 * by {@code lealup.http.read-your-writes-timeout}; at the timeout the query is read once more. Where the projection
 * may run on another node ({@link Projectors#ANY_NODE}: its segment is claimed there, or this node runs no
 * {@code query} role), whose updates never reach this node's subscription, the query is also read again while
 * waiting, {@value #POLL_MILLIS} ms after the write and then at doubling intervals up to 16 times that (a write that
 * its own node projects is answered by the update, usually before the first read; the intervals keep a slow
 * projection from costing a read every 25 ms per waiting write). Where only this node projects
 * ({@link Projectors#THIS_NODE}) the update answers every wait, and the reads are only the fallback of an update lost
 * (the emitter's buffer full), from {@value #FALLBACK_MILLIS} ms on: under load many waits outlast 25 ms, and each
 * read would repeat what the update brings.
 * <p>
 * A write that committed never answers an error because its read model lags: past the timeout,
 * {@link #awaitOrAccept} answers the request with the write's own {@link Accepted} ({@code 202}).
 * <pre>{@code
 * CustomerDetail page = readYourWrites.awaitWrite(new FindCustomerDetail(workspaceId, id), CustomerDetail.class,
 *         detail -> detail.customer().version(), () -> commands.send(caller, patch),
 *         version -> Accepted.of("/v1/customers/" + id, id, version));
 * }</pre>
 */
@Component
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);
    static final long POLL_MILLIS = 25;
    static final long FALLBACK_MILLIS = 500;

    private final QueryGateway queryGateway;
    private final Duration timeout;
    private final long firstReadNanos;

    ReadYourWrites(QueryGateway queryGateway, @Value("${lealup.http.read-your-writes-timeout:5s}") Duration timeout,
                   Projectors projectors) {
        this.queryGateway = queryGateway;
        this.timeout = timeout;
        this.firstReadNanos = TimeUnit.MILLISECONDS.toNanos(
                projectors == Projectors.THIS_NODE ? FALLBACK_MILLIS : POLL_MILLIS);
    }

    /** Which nodes project the read models the waits read, decided by the deployment. */
    public enum Projectors {
        /** Only this one (alone on its database): the projection's update reaches every wait. */
        THIS_NODE,
        /** Whichever node claims a projection's segment: its updates reach only that node's waits. */
        ANY_NODE
    }

    /**
     * The first answer to {@code query} that satisfies {@code condition}, or, past the timeout, the answer of a
     * fresh read (which may be empty or not satisfy it: the caller decides what that means).
     */
    public <R> Optional<R> await(Object query, Class<R> type, Predicate<? super R> condition) {
        try (Watch<R> watch = new Watch<>(query, type)) {
            return watch.await(condition, watch.read());
        }
    }

    /**
     * The first answer to {@code query} that satisfies {@code condition}; when the read model does not show one
     * within the timeout, the request answers {@code accepted} (202) instead of what the controller would have built,
     * and so it does when the rows are gone by the time the controller reads them ({@link WriteAccepted}).
     */
    public <R> R awaitOrAccept(Object query, Class<R> type, Predicate<? super R> condition, Accepted accepted) {
        return shownOrAccepted(query, await(query, type, condition).filter(condition), accepted);
    }

    /**
     * Waits until {@code holds}, asked every {@value #POLL_MILLIS} ms, for a condition no query's updates announce
     * (every node's cache has applied a change); past the timeout the request answers {@code accepted} (202).
     */
    public void awaitOrAccept(BooleanSupplier holds, Accepted accepted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("A change is not effective everywhere after {}: answering 202 for {}", timeout,
                        accepted.location());
                throw new WriteAccepted(accepted);
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
        }
    }

    /**
     * Answers {@code accepted} ({@code 202}) at once, leaving the controller: the write was taken, and shows later for
     * a reason already known rather than a lag to wait out.
     */
    public void acceptNow(Accepted accepted) {
        throw new WriteAccepted(accepted);
    }

    /** {@link #awaitOrAccept} for a query answering the version of an aggregate the read model shows. */
    public void awaitVersion(Object versionQuery, long version, Accepted accepted) {
        awaitOrAccept(versionQuery, Long.class, shown -> shown >= version, accepted);
    }

    /** {@link #awaitChange} of a creation: a write that always makes its aggregate's first version. */
    public void awaitCreation(Object versionQuery, Runnable creation, Accepted accepted) {
        awaitWrite(versionQuery, () -> {
            creation.run();
            return Written.creation();
        }, version -> accepted);
    }

    /**
     * Runs {@code write}, which answers its aggregate's version after it and whether it changed it, then
     * {@link #awaitVersion} of that version (past the timeout the request answers {@code accepted} of it). The wait is
     * open before the write starts, so the projection's update reaches it however soon it comes. A write that changed
     * its aggregate made a version the read model cannot show before its command committed, so only the polls read;
     * one that changed nothing reads first, as {@link #awaitVersion} does (the read model may still lag behind an
     * earlier write).
     */
    public void awaitWrite(Object versionQuery, Supplier<Written> write, LongFunction<Accepted> accepted) {
        awaitWrite(versionQuery, Long.class, Long::longValue, write, accepted);
    }

    /**
     * {@link #awaitWrite} on a query whose answer is what the write's own answer shows (a projection's update carrying
     * it, as {@link #await} takes): that answer, once its version ({@code versionOf}) is the write's, needs no read
     * of its own after the wait.
     */
    public <R> R awaitWrite(Object query, Class<R> type, ToLongFunction<? super R> versionOf, Supplier<Written> write,
                            LongFunction<Accepted> accepted) {
        try (Watch<R> watch = new Watch<>(query, type)) {
            Written written = write.get();
            return shownOrAccepted(query, shown(watch, versionOf, written), accepted.apply(written.version()));
        }
    }

    /**
     * {@link #awaitWrite} of a write that always changes its aggregate (its command applies an event or is refused):
     * {@code change} answers the version it made. Answers the version the read model shows (that one or a later one).
     */
    public long awaitChange(Object versionQuery, LongSupplier change, LongFunction<Accepted> accepted) {
        return awaitWrite(versionQuery, Long.class, Long::longValue, () -> Written.change(change.getAsLong()), accepted);
    }

    /**
     * Runs {@code change}, as {@link #awaitChange}, and waits at most the timeout until the read model shows it: for a
     * write whose answer does not depend on it (a {@code DELETE}'s 204).
     */
    public void awaitChangeAtMost(Object versionQuery, LongSupplier change) {
        try (Watch<Long> watch = new Watch<>(versionQuery, Long.class)) {
            shown(watch, Long::longValue, Written.change(change.getAsLong()));
        }
    }

    /** The answer the watch shows once it shows {@code written}; past the timeout, empty. */
    private static <R> Optional<R> shown(Watch<R> watch, ToLongFunction<? super R> versionOf, Written written) {
        Predicate<R> shown = answer -> versionOf.applyAsLong(answer) >= written.version();
        return watch.await(shown, written.changed() ? Optional.empty() : watch.read()).filter(shown);
    }

    private <R> R shownOrAccepted(Object query, Optional<R> answer, Accepted accepted) {
        R shown = answer.orElseThrow(() -> {
            // the query's class only: its fields may be secret (a credential's hash)
            log.warn("{} does not show the write after {}: answering 202 for {}", query.getClass().getSimpleName(),
                    timeout, accepted.location());
            return new WriteAccepted(accepted);
        });
        WriteAccepted.shown(accepted);
        return shown;
    }

    private long pollNanos(int poll) {
        return Math.max(firstReadNanos, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS << Math.min(poll, 4)));
    }

    /** The subscription to a query's updates, open from its creation to its close. */
    private final class Watch<R> implements AutoCloseable {

        private final Object query;
        private final Class<R> type;
        private final SubscriptionQueryResult<Optional<R>, R> result;
        /**
         * Offered by the projection's thread, after its commit: every update from the watch's opening, since the
         * condition may be known only later (the version a write made), and one query's updates during a wait are few.
         */
        private final BlockingQueue<R> updates = new LinkedBlockingQueue<>();

        Watch(Object query, Class<R> type) {
            this.query = query;
            this.type = type;
            this.result = queryGateway.subscriptionQuery(query, ResponseTypes.optionalInstanceOf(type),
                    ResponseTypes.instanceOf(type));
            // an update stream that ends or fails (the emitter's buffer full, a shutdown) leaves the reads to answer
            result.updates().subscribe(updates::offer, failure -> { });
        }

        /**
         * From {@code answer}, the first that satisfies {@code condition}: an update, or a read of the polls; past the
         * timeout, the last read. The waiting thread reads itself: it has nothing else to do, and a scheduler's
         * thread would cost a hand-over per read.
         */
        Optional<R> await(Predicate<? super R> condition, Optional<R> answer) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                for (int poll = 0; answer.filter(condition).isEmpty(); poll++) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return answer;
                    }
                    long pollAt = System.nanoTime() + Math.min(left, pollNanos(poll));
                    for (R update = updates.poll(pollAt - System.nanoTime(), TimeUnit.NANOSECONDS); update != null;
                         update = updates.poll(pollAt - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        if (condition.test(update)) {
                            return Optional.of(update);
                        }
                    }
                    // a poll, or at the deadline the last read
                    answer = read();
                }
                return answer;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the read model", e);
            }
        }

        Optional<R> read() {
            try {
                return queryGateway.query(query, ResponseTypes.optionalInstanceOf(type)).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        @Override
        public void close() {
            result.cancel();
        }
    }
}

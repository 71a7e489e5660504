package com.lealup.app.projections;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as a blue/green build reads it: each stream read on a thread of its own, up to {@code capacity}
 * events ahead of the processor. A build starts far behind the head, where Axon's embedded store reads its pages
 * on the consumer's thread (a sixth of the replay's thread in a flight recording, docs/PERFORMANCE.md): here that
 * reading (the query, the rows, the tokens) runs beside the handlers, on the other core, and so does the
 * deserialization of each payload ({@link Stream#deserialize}: the event format's Jackson and the opening of its
 * sealed personal data were two fifths of the processor's thread). The events and their tokens are the store's, in its order; a failure of the
 * store's stream is the processor's at the event it reached, and the processor reopens its stream as ever.
 */
final class ReadAhead implements StreamableMessageSource<TrackedEventMessage<?>> {

    private static final int POLL_MILLIS = 100;

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final String name;
    private final int capacity;
    private final Predicate<Class<?>> handled;

    /** {@code handled}: the payload types the processor handles, the events read here (it skips the others unread). */
    ReadAhead(StreamableMessageSource<TrackedEventMessage<?>> store, String name, int capacity,
              Predicate<Class<?>> handled) {
        this.store = store;
        this.name = name;
        this.capacity = capacity;
        this.handled = handled;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new Stream(store.openStream(token), name, capacity, handled);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    private static final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> source;
        private final BlockingQueue<TrackedEventMessage<?>> ahead;
        private final Predicate<Class<?>> handled;
        private final Thread reader;
        private volatile boolean closed;
        /** What ended the reading, once every event read before it is taken. */
        private volatile RuntimeException failure;
        /** The next event, taken from the queue by the processor's thread (the only one that reads it). */
        private TrackedEventMessage<?> next;

        Stream(BlockingStream<TrackedEventMessage<?>> source, String name, int capacity, Predicate<Class<?>> handled) {
            this.source = source;
            this.handled = handled;
            this.ahead = new ArrayBlockingQueue<>(capacity);
            this.reader = new Thread(this::read, "read-ahead[" + name + "]");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                while (!closed) {
                    if (source.hasNextAvailable(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        TrackedEventMessage<?> event = source.nextAvailable();
                        deserialize(event, handled);
                        ahead.put(event);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /**
         * Deserializes the event's payload here if the processor handles its type, as the processor would: Axon's
         * stored events deserialize (through the store's serializer and upcasters) on first use and keep what they
         * read. Its metadata is left to its first use: the projections read none, and deserializing it cost about
         * as much as the payload. An event that does not deserialize is left as it was: the processor meets the
         * same failure at that event, where the dead-letter policy parks it or its batch is retried (a failing key
         * lookup, too). Reading ahead opens sealed personal data up to {@code capacity} events earlier than the
         * processor would: a customer erased meanwhile still has its erasure later in the stream (its key is
         * destroyed in the erasure's transaction), which the projections apply, so the tables built are the same.
         */
        static void deserialize(TrackedEventMessage<?> event, Predicate<Class<?>> handled) {
            try {
                if (handled.test(event.getPayloadType())) {
                    event.getPayload();
                }
            } catch (RuntimeException e) {
                // left to the processor's thread
            }
        }

        /** The next event, waiting for it at most {@code nanos}; null if none came; the failure once all are taken. */
        private TrackedEventMessage<?> next(long nanos) throws InterruptedException {
            if (next == null) {
                next = nanos <= 0 ? ahead.poll() : ahead.poll(nanos, TimeUnit.NANOSECONDS);
            }
            if (next == null && failure != null && ahead.isEmpty()) {
                throw failure;
            }
            return next;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            try {
                return Optional.ofNullable(next(0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return next(unit.toNanos(timeout)) != null;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (next(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) == null) {
                // until the reader brings one (or fails)
            }
            TrackedEventMessage<?> event = next;
            next = null;
            return event;
        }

        @Override
        public void close() {
            closed = true;
            reader.interrupt();
            try {
                // the store's stream is closed once its reader has let go of it
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                source.close();
            }
        }
    }
}

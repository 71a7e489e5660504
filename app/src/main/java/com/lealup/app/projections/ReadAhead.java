package com.lealup.app.projections;

import com.lealup.app.axon.StreamDecorator;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as a blue/green build reads it: each stream read on a thread of its own and its payloads
 * deserialized on a second ({@link Stream#deserialize}), up to {@code capacity} events ahead of the processor. A build
 * starts far behind the head, where Axon's embedded store reads its pages on the consumer's thread; here that reading
 * (the query, the rows, the tokens) and the event format's Jackson with the opening of sealed personal data run beside
 * the handlers, three threads of comparable work (docs/PERFORMANCE.md, Replay). The events and their tokens are the
 * store's, in its order; a failure of the store's stream is the processor's after the events read before it, and the
 * processor reopens its stream as ever.
 */
final class ReadAhead extends StreamDecorator {

    private static final int POLL_MILLIS = 100;

    private final String name;
    private final int capacity;
    private final Predicate<Class<?>> handled;

    /** {@code handled}: the payload types the processor handles, the events read here (it skips the others unread). */
    ReadAhead(StreamableMessageSource<TrackedEventMessage<?>> store, String name, int capacity,
              Predicate<Class<?>> handled) {
        super(store);
        this.name = name;
        this.capacity = capacity;
        this.handled = handled;
    }

    @Override
    protected BlockingStream<TrackedEventMessage<?>> decorate(BlockingStream<TrackedEventMessage<?>> stream) {
        return new Stream(stream, name, capacity, handled);
    }

    private static final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        /** After the last event read, in place of the next one: the reading failed. */
        private static final Object END = new Object();

        private final BlockingStream<TrackedEventMessage<?>> source;
        /** Read from the store, not yet deserialized. */
        private final BlockingQueue<Object> read;
        /** Ready for the processor. */
        private final BlockingQueue<Object> ahead;
        private final Predicate<Class<?>> handled;
        private final Thread reader;
        private final Thread deserializer;
        private volatile boolean closed;
        /** What ended the reading, thrown once every event read before it is taken. */
        private volatile RuntimeException failure;
        /** The next event (or the end), taken from the queue by the processor's thread, its only reader. */
        private Object next;

        Stream(BlockingStream<TrackedEventMessage<?>> source, String name, int capacity, Predicate<Class<?>> handled) {
            this.source = source;
            this.handled = handled;
            this.read = new ArrayBlockingQueue<>(Math.max(1, capacity / 2));
            this.ahead = new ArrayBlockingQueue<>(Math.max(1, capacity / 2));
            this.reader = start(this::read, "read-ahead[" + name + "]");
            this.deserializer = start(this::deserializeAhead, "deserialize-ahead[" + name + "]");
        }

        private static Thread start(Runnable work, String name) {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        private void read() {
            try {
                while (!closed) {
                    if (source.hasNextAvailable(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        read.put(source.nextAvailable());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                try {
                    read.put(END);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Passes the events on in their order, each deserialized; the end too. */
        private void deserializeAhead() {
            try {
                while (!closed) {
                    Object event = read.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (event != null) {
                        if (event != END) {
                            deserialize((TrackedEventMessage<?>) event, handled);
                        }
                        ahead.put(event);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
            if (next == END) {
                throw failure;
            }
            return (TrackedEventMessage<?>) next;
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
                // until the threads bring one (or the end)
            }
            TrackedEventMessage<?> event = (TrackedEventMessage<?>) next;
            next = null;
            return event;
        }

        @Override
        public void close() {
            closed = true;
            reader.interrupt();
            deserializer.interrupt();
            try {
                // the store's stream is closed once its reader has let go of it
                reader.join(TimeUnit.SECONDS.toMillis(5));
                deserializer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                source.close();
            }
        }
    }
}

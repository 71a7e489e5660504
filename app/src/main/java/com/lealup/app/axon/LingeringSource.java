package com.lealup.app.axon;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as a processor that {@link com.lealup.api.projections.Lingers lingers} reads it: when its stream is
 * asked to wait for an event (Axon's tracking processor does so before each batch), it answers only once the next
 * event is {@code linger} old, or at the processor's timeout, whichever comes first. The processor then takes every
 * event available, up to its batch size, into one batch. An event already that old (a processor catching up, a
 * replay) is answered at once, and so is a check that does not wait. An event's age is read on the clock that
 * stamped it (Axon's). The events, their order and tokens are the store's.
 */
final class LingeringSource extends StreamDecorator {

    private final long lingerMillis;

    LingeringSource(StreamableMessageSource<TrackedEventMessage<?>> store, Duration linger) {
        super(store);
        this.lingerMillis = linger.toMillis();
    }

    @Override
    protected BlockingStream<TrackedEventMessage<?>> decorate(BlockingStream<TrackedEventMessage<?>> stream) {
        return new Stream(stream);
    }

    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> source;

        Stream(BlockingStream<TrackedEventMessage<?>> source) {
            this.source = source;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = GenericEventMessage.clock.millis() + unit.toMillis(timeout);
            if (!source.hasNextAvailable(timeout, unit)) {
                return false;
            }
            Optional<TrackedEventMessage<?>> next = source.peek();
            if (timeout > 0 && next.isPresent()) {
                long lingerUntil = next.get().getTimestamp().toEpochMilli() + lingerMillis;
                long wait = Math.min(lingerUntil, deadline) - GenericEventMessage.clock.millis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return source.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return source.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            source.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return source.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            source.close();
        }
    }
}

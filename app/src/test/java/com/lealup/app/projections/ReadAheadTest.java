package com.lealup.app.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

/** The shadow processor's read-ahead stream: the store's events in its order, then its failure; closed with it. */
class ReadAheadTest {

    @Test
    void givesTheStoresEventsInOrderFromTheToken() throws InterruptedException {
        Store store = new Store(25, false);
        BlockingStream<TrackedEventMessage<?>> stream = new ReadAhead(store, "test", 4)
                .openStream(new GlobalSequenceTrackingToken(4));
        List<Long> read = new ArrayList<>();
        while (stream.hasNextAvailable(2, TimeUnit.SECONDS)) {
            assertThat(stream.peek()).map(ReadAheadTest::index).contains(5L + read.size());
            read.add(index(stream.nextAvailable()));
        }
        assertThat(read).hasSize(20).first().isEqualTo(5L);
        assertThat(read).isSorted().doesNotHaveDuplicates();
        stream.close();
        assertThat(store.closed).isTrue();
    }

    @Test
    void aFailureOfTheStoreComesAfterTheEventsReadBeforeIt() throws InterruptedException {
        BlockingStream<TrackedEventMessage<?>> stream = new ReadAhead(new Store(3, true), "test", 2)
                .openStream(null);
        for (long i = 0; i < 3; i++) {
            assertThat(stream.hasNextAvailable(2, TimeUnit.SECONDS)).isTrue();
            assertThat(index(stream.nextAvailable())).isEqualTo(i);
        }
        assertThatThrownBy(() -> stream.hasNextAvailable(2, TimeUnit.SECONDS)).hasMessage("the store failed");
        assertThatThrownBy(stream::peek).as("and stays failed").hasMessage("the store failed");
        stream.close();
    }

    private static long index(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }

    /** Events 0..count-1, then nothing more (or a failure). */
    private static final class Store implements StreamableMessageSource<TrackedEventMessage<?>> {

        private final int count;
        private final boolean fails;
        private volatile boolean closed;

        Store(int count, boolean fails) {
            this.count = count;
            this.fails = fails;
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
            long[] next = {token == null ? 0 : token.position().orElseThrow() + 1};
            AtomicBoolean failed = new AtomicBoolean();
            return new BlockingStream<>() {
                @Override
                public Optional<TrackedEventMessage<?>> peek() {
                    return next[0] < count ? Optional.of(event(next[0])) : Optional.empty();
                }

                @Override
                public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
                    if (next[0] < count) {
                        return true;
                    }
                    if (fails && failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("the store failed");
                    }
                    unit.sleep(timeout);
                    return false;
                }

                @Override
                public TrackedEventMessage<?> nextAvailable() {
                    return event(next[0]++);
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        private static TrackedEventMessage<?> event(long index) {
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                    GenericEventMessage.asEventMessage("event " + index));
        }
    }
}

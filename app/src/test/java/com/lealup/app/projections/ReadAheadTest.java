package com.lealup.app.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * The shadow processor's read-ahead stream: the store's events in its order, read on its own thread, then its failure;
 * closed with it.
 */
class ReadAheadTest {

    @Test
    void givesTheStoresEventsInOrderFromTheToken() throws InterruptedException {
        Store store = new Store(25, false);
        BlockingStream<TrackedEventMessage<?>> stream = new ReadAhead(store, "test", 4, type -> true)
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
        BlockingStream<TrackedEventMessage<?>> stream = new ReadAhead(new Store(3, true), "test", 2, type -> true)
                .openStream(null);
        for (long i = 0; i < 3; i++) {
            assertThat(stream.hasNextAvailable(2, TimeUnit.SECONDS)).isTrue();
            assertThat(index(stream.nextAvailable())).isEqualTo(i);
        }
        assertThatThrownBy(() -> stream.hasNextAvailable(2, TimeUnit.SECONDS)).hasMessage("the store failed");
        assertThatThrownBy(stream::peek).as("and stays failed").hasMessage("the store failed");
        stream.close();
    }

    @Test
    void readsTheEventsOfHandledTypesOnItsOwnThreadAndLeavesOneThatDoesNotReadToTheProcessor() throws InterruptedException {
        Reads reads = new Reads();
        List<Object> payloads = List.of("event 0", "poison 1", "event 2", 3L);
        Store store = new Store(4, false, index -> reads.event(index, payloads.get((int) index)));
        // the processor handles texts, not numbers
        BlockingStream<TrackedEventMessage<?>> stream = new ReadAhead(store, "test", 4, String.class::equals)
                .openStream(null);
        List<TrackedEventMessage<?>> taken = new ArrayList<>();
        while (stream.hasNextAvailable(2, TimeUnit.SECONDS)) {
            taken.add(stream.nextAvailable());
        }
        stream.close();
        assertThat(taken).extracting(ReadAheadTest::index).containsExactly(0L, 1L, 2L, 3L);

        String reader = "deserialize-ahead[test]";
        assertThat(taken.get(0).getPayload()).isEqualTo("event 0");
        assertThat(taken.get(2).getPayload()).isEqualTo("event 2");
        assertThat(reads.threads("event 0")).as("read once, ahead").containsExactly(reader);
        assertThat(reads.threads("event 2")).containsExactly(reader);
        assertThat(reads.threads("{\"n\":\"2\"}")).as("metadata is left unread").isEmpty();
        assertThat(taken.get(2).getMetaData()).containsEntry("n", "2");
        // the poison event comes in its place and fails where the processor reads it, as without the read-ahead
        assertThat(reads.threads("poison 1")).containsExactly(reader);
        assertThatThrownBy(taken.get(1)::getPayload).hasRootCauseMessage("cannot read poison 1");
        assertThat(reads.threads("poison 1")).containsExactly(reader, Thread.currentThread().getName());
        assertThat(reads.threads("3")).as("a type the processor skips is not read").isEmpty();
    }

    private static long index(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }

    /** Events 0..count-1, then nothing more (or a failure). */
    private static final class Store implements StreamableMessageSource<TrackedEventMessage<?>> {

        private final int count;
        private final boolean fails;
        private volatile boolean closed;

        private final LongFunction<TrackedEventMessage<?>> events;

        Store(int count, boolean fails) {
            this(count, fails, Store::event);
        }

        Store(int count, boolean fails, LongFunction<TrackedEventMessage<?>> events) {
            this.count = count;
            this.fails = fails;
            this.events = events;
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
            long[] next = {token == null ? 0 : token.position().orElseThrow() + 1};
            AtomicBoolean failed = new AtomicBoolean();
            return new BlockingStream<>() {
                @Override
                public Optional<TrackedEventMessage<?>> peek() {
                    return next[0] < count ? Optional.of(events.apply(next[0])) : Optional.empty();
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
                    return events.apply(next[0]++);
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

    /**
     * Stored events as Axon's store gives them (payload and metadata read on first use), through a serializer that
     * records the thread of each read and cannot read a payload naming a poison.
     */
    private static final class Reads implements Serializer {

        private final Serializer json = JacksonSerializer.defaultSerializer();
        private final Map<String, List<String>> threads = new ConcurrentHashMap<>();

        TrackedEventMessage<?> event(long index, Object payload) {
            SerializedMessage<?> message = new SerializedMessage<>("id-" + index, json.serialize(payload, byte[].class),
                    json.serialize(MetaData.with("n", Long.toString(index)), byte[].class), this);
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index), message, Instant::now);
        }

        List<String> threads(String serialized) {
            return threads.getOrDefault(serialized, List.of());
        }

        @Override
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            String text = new String((byte[]) serializedObject.getData(), StandardCharsets.UTF_8);
            String read = text.startsWith("\"") ? text.substring(1, text.length() - 1) : text;
            threads.computeIfAbsent(read, t -> new CopyOnWriteArrayList<>()).add(Thread.currentThread().getName());
            if (read.startsWith("poison")) {
                throw new SerializationException("cannot read " + read);
            }
            return json.deserialize(serializedObject);
        }

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            return json.serialize(object, expectedRepresentation);
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return json.canSerializeTo(expectedRepresentation);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class classForType(SerializedType type) {
            return json.classForType(type);
        }

        @Override
        public SerializedType typeForClass(Class type) {
            return json.typeForClass(type);
        }

        @Override
        public Converter getConverter() {
            return json.getConverter();
        }
    }
}

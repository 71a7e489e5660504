package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A lingering processor's view of the store: a fresh event waits until it is the linger old, nothing else waits. */
class LingeringSourceTest {

    private final EmbeddedEventStore store =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aFreshEventIsAnsweredOnceItIsTheLingerOldWithTheEventsThatCameBeforeThen() throws Exception {
        Instant first = publish("first", GenericEventMessage.clock.instant());
        try (BlockingStream<TrackedEventMessage<?>> stream = lingering(Duration.ofMillis(500)).openStream(null)) {
            publish("second", GenericEventMessage.clock.instant());

            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();

            assertThat(GenericEventMessage.clock.millis()).isGreaterThanOrEqualTo(first.toEpochMilli() + 500);
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            assertThat(stream.hasNextAvailable()).as("the second, without waiting").isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");
        }
    }

    @Test
    @Timeout(5)
    void anEventOlderThanTheLingerIsAnsweredAtOnce() throws Exception {
        publish("caught up on", GenericEventMessage.clock.instant().minus(Duration.ofHours(1)));
        try (BlockingStream<TrackedEventMessage<?>> stream = lingering(Duration.ofMinutes(10)).openStream(null)) {
            assertThat(stream.hasNextAvailable(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    @Test
    @Timeout(5)
    void aCheckThatDoesNotWaitNeverLingers() throws Exception {
        publish("fresh", GenericEventMessage.clock.instant());
        try (BlockingStream<TrackedEventMessage<?>> stream = lingering(Duration.ofMinutes(10)).openStream(null)) {
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    @Timeout(5)
    void theProcessorsOwnTimeoutBoundsTheLinger() throws Exception {
        publish("fresh", GenericEventMessage.clock.instant());
        try (BlockingStream<TrackedEventMessage<?>> stream = lingering(Duration.ofMinutes(10)).openStream(null)) {
            assertThat(stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("fresh");
        }
    }

    @Test
    @Timeout(5)
    void noEventWithinTheTimeoutIsNoEvent() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = lingering(Duration.ofMinutes(10)).openStream(null)) {
            assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();
        }
    }

    private LingeringSource lingering(Duration linger) {
        return new LingeringSource(store, linger);
    }

    private Instant publish(String payload, Instant at) {
        store.publish(new GenericEventMessage<>(UUID.randomUUID().toString(), payload, Map.of(), at));
        return at;
    }
}

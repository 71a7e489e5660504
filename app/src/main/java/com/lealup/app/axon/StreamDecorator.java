package com.lealup.app.axon;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as one processor reads it: each stream it opens is the store's, decorated ({@link #decorate}); the
 * tokens are the store's. For {@link LingeringSource} and the blue/green builds' read-ahead.
 */
public abstract class StreamDecorator implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;

    protected StreamDecorator(StreamableMessageSource<TrackedEventMessage<?>> store) {
        this.store = store;
    }

    /** The store's stream as the processor reads it. */
    protected abstract BlockingStream<TrackedEventMessage<?>> decorate(BlockingStream<TrackedEventMessage<?>> stream);

    @Override
    public final BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return decorate(store.openStream(token));
    }

    @Override
    public final TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public final TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public final TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public final TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }
}

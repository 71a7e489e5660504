package com.lealup.app.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;

/** Rebuilds a projection from the event store, as an analyst's replay would, and waits for it to finish. */
public final class ProjectionReplay {

    private ProjectionReplay() {
    }

    /**
     * Resets the processing group's tokens (its {@code @ResetHandler} clears the read model), restarts it, and
     * waits until the replay is over and {@code rows} equals {@code expected}.
     */
    public static <T> void replayAndAwait(EventProcessingConfiguration processing, String processingGroup,
                                          Supplier<T> rows, T expected) {
        StreamingEventProcessor processor = processing.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        await("replay of " + processingGroup + " gives the same rows").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertThat(processor.isReplaying()).as("replaying").isFalse();
                    assertThat(rows.get()).isEqualTo(expected);
                });
    }
}

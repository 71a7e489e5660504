package com.lealup.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
                                          Supplier<T> rows, T expected) throws InterruptedException {
        StreamingEventProcessor processor = processing.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (processor.isReplaying() || !rows.get().equals(expected)) {
            assertThat(Instant.now()).as("replay of " + processingGroup + " gives the same rows").isBefore(deadline);
            Thread.sleep(100);
        }
    }
}

package com.lealup.app.projections;

import com.lealup.api.StorableText;
import com.lealup.api.projections.ReplayProjection;
import com.lealup.api.projections.ReplayProjection.Outcome;
import com.lealup.api.projections.ReplayProjection.Result;
import com.lealup.app.cluster.GroupTakeover;
import com.lealup.app.deadletters.ProcessingGroups;
import com.lealup.app.logging.ValueFreeText;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Starts the replay of a projection. A group replayed blue/green ({@link ReadModelGroups}) is handed to
 * {@link BlueGreenReplays}, whatever node runs its live processors; any other is replayed in place: this shuts its
 * processor down on this node, resets its tokens (in one transaction with its {@code @ResetHandler}, which clears its
 * tables, and Axon's emptying of its dead-letter queue) and starts it again; the processor then rebuilds the read
 * model in place from the first event, in its batches, while the API serves. Resetting needs the claim of every
 * segment: with several nodes this node first takes the group over ({@link GroupTakeover}: the others give their
 * segments up for the moment of the reset), or, when another node keeps its claim, refuses
 * ({@link Result#CLAIMED_ELSEWHERE}); every node sees the progress in {@code token_entry}. Replays run one at a time
 * per node, on a thread of their own: the reset opens its own transaction, which must not nest in the command's.
 */
@Component
class ProjectionReplays implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessingGroups groups;
    private final EventProcessingConfiguration processing;
    private final ProjectionMonitor monitor;
    private final ReadModelGroups readModels;
    private final BlueGreenReplays blueGreen;
    private final JdbcClient jdbc;
    private final GroupTakeover takeover;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-replays");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionReplays(ProcessingGroups groups, EventProcessingConfiguration processing, ProjectionMonitor monitor,
                      ReadModelGroups readModels, BlueGreenReplays blueGreen, JdbcClient jdbc, GroupTakeover takeover,
                      Clock clock) {
        this.groups = groups;
        this.processing = processing;
        this.monitor = monitor;
        this.readModels = readModels;
        this.blueGreen = blueGreen;
        this.jdbc = jdbc;
        this.takeover = takeover;
        this.clock = clock;
    }

    @CommandHandler
    Outcome handle(ReplayProjection command) {
        return onWorker(() -> replay(command.name()));
    }

    private Outcome replay(String name) {
        Optional<StreamingEventProcessor> found = groups.contains(name)
                ? processing.eventProcessor(name, StreamingEventProcessor.class) : Optional.empty();
        if (found.isEmpty()) {
            return new Outcome(Result.UNKNOWN, "Projection '" + StorableText.abbreviated(name) + "' was not found");
        }
        StreamingEventProcessor processor = found.get();
        if (!groups.replayable(name) || !processor.supportsReset()) {
            return new Outcome(Result.NOT_REPLAYABLE, ProjectionMonitor.notReplayable(name));
        }
        if (monitor.replaying(name)) {
            return new Outcome(Result.ALREADY_REPLAYING, "A replay of '" + name + "' is running");
        }
        if (readModels.blueGreen(name)) {
            // built beside the live processors, wherever they run; the swap takes the group over
            return blueGreen.start(name, processor);
        }
        return resetInPlace(name, processor);
    }

    /**
     * Stops the processor here before taking the group over: a processor still running would claim the segments the
     * other nodes give up, and Axon's TrackingEventProcessor, shut down while its launcher claims one, starts again
     * with a worker short (its log: "freeing segment since segment worker will not be started"), leaving that segment
     * unprocessed for good.
     */
    private Outcome resetInPlace(String name, StreamingEventProcessor processor) {
        Timestamp startedAt = Timestamp.from(clock.instant());
        // a node without the group's role (LEALUP_ROLES) may reset it, but leaves the replay to the nodes that run it
        boolean runsHere = processor.isRunning();
        processor.shutDown();
        if (!stopped(processor, STOP_TIMEOUT)) {
            // a batch that outlasts Axon's termination timeout (and its interrupt): nothing is reset, and the
            // processor starts again as soon as its worker has ended
            CompletableFuture.runAsync(() -> {
                while (!stopped(processor, Duration.ofMinutes(1))) {
                    log.warn("Processor '{}' still has not stopped", name);
                }
                processor.start();
            });
            String reason = "The processor of '" + name + "' did not stop within " + STOP_TIMEOUT
                    + "; nothing was reset, it resumes where it was";
            record(name, startedAt, reason);
            return new Outcome(Result.FAILED, reason);
        }
        if (!takeover.take(name, GroupTakeover.WAIT)) {
            if (runsHere) {
                processor.start();
            }
            return claimedElsewhereOutcome(name);
        }
        try {
            processor.resetTokens();
            record(name, startedAt, null);
            log.info("Replay of '{}' started", name);
            return new Outcome(Result.STARTED, null);
        } catch (UnableToClaimTokenException e) {
            return claimedElsewhereOutcome(name);
        } catch (RuntimeException e) {
            log.warn("Replay of '{}' could not start; the read model is left as it was", name, e);
            record(name, startedAt, ValueFreeText.shown(e));
            // the answer names no exception: the operator reads the projection's error, or the log by trace id
            return new Outcome(Result.FAILED, "The replay of '" + name + "' could not start; nothing was reset, the "
                    + "read model is left as it was (the projection's error says why)");
        } finally {
            takeover.giveBack(name);
            if (runsHere) {
                processor.start();
            }
        }
    }

    private static Outcome claimedElsewhereOutcome(String name) {
        return new Outcome(Result.CLAIMED_ELSEWHERE, "Another node processes '" + name + "' and did not give its "
                + "segments up within " + GroupTakeover.WAIT.toSeconds() + " s; stop the group's processor on that node "
                + "(its owner in token_entry) and send the replay again");
    }

    /** Whether the processor's worker threads have ended, waiting up to {@code timeout}. */
    private static boolean stopped(StreamingEventProcessor processor, Duration timeout) {
        if (!(processor instanceof TrackingEventProcessor tracking)) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tracking.activeProcessorThreads() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void record(String name, Timestamp startedAt, String error) {
        jdbc.sql("""
                        INSERT INTO projection_replay (processing_group, started_at, error) VALUES (:group, :at, :error)
                        ON CONFLICT (processing_group) DO UPDATE SET started_at = :at, error = :error""")
                .param("group", name).param("at", startedAt).param("error", error)
                .update();
    }

    private <T> T onWorker(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, worker).join();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}

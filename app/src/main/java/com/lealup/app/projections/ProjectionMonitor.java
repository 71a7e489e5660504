package com.lealup.app.projections;

import com.lealup.api.projections.InPlaceReplays;
import com.lealup.api.projections.ListProjections;
import com.lealup.api.projections.ProjectionStatus;
import com.lealup.app.deadletters.ProcessingGroups;
import com.lealup.app.deadletters.StalledSegments;
import com.lealup.app.logging.ValueFreeText;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The status of every processing group, from the database so that every node sees the same: a group's position
 * is its token in {@code token_entry} (the lowest of its segments), a replay shows as a replay token there (its
 * progress is how far the token has come towards the position it was reset at), the head is the event store's
 * last global index. What only the node running the processor knows (a batch failing again and again) is added
 * from this node's processor. Also the metric {@code lealup_projection_lag} per projection.
 */
@Component
class ProjectionMonitor implements MeterBinder, InPlaceReplays {

    /** Scrapes come often; a status is a query of the token table and one of the store's head. */
    private static final Duration METRICS_MAX_AGE = Duration.ofSeconds(2);

    private final ProcessingGroups groups;
    private final ReadModelGroups readModels;
    private final EventProcessingConfiguration processing;
    private final EventStore store;
    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final Clock clock;
    private final StalledSegments stalls;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), 0);

    ProjectionMonitor(ProcessingGroups groups, ReadModelGroups readModels, EventProcessingConfiguration processing,
                      EventStore store, JdbcClient jdbc, Serializer serializer, Clock clock, StalledSegments stalls) {
        this.groups = groups;
        this.readModels = readModels;
        this.processing = processing;
        this.store = store;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.clock = clock;
        this.stalls = stalls;
    }

    @QueryHandler
    ListProjections.Result handle(ListProjections query) {
        List<ProjectionStatus> statuses = statuses();
        return new ListProjections.Result(query.name() == null ? statuses
                : statuses.stream().filter(s -> s.name().equals(query.name())).toList());
    }

    /** Whether the group's tokens are being replayed, or a blue/green build of it runs, on any node. */
    boolean replaying(String group) {
        Replay replay = replays().get(group);
        return replay != null && replay.building() || replayingInPlace(group);
    }

    @Override
    public boolean replayingInPlace(String processingGroup) {
        return tokens(processingGroup).stream().anyMatch(ProjectionMonitor::replaying);
    }

    /** The lowest position of the group's tokens in the database (-1 before its first event). */
    long position(String group) {
        return lowest(tokens(group));
    }

    private static long lowest(List<TrackingToken> tokens) {
        return tokens.isEmpty() ? -1 : tokens.stream().mapToLong(t -> position(current(t))).min().orElse(-1);
    }

    /**
     * A replay token that has not reached the position it was reset at. Axon keeps the replay token until an event
     * after that position arrives (events at it are still flagged as replayed), so in a quiet system the token
     * stays a replay token although the read model holds every event: that is caught up, not replaying.
     */
    private static boolean replaying(TrackingToken token) {
        return token instanceof ReplayToken replay && position(current(replay)) < position(atReset(replay));
    }

    /** The position a replay token has reached (replay tokens may wrap one another). */
    static TrackingToken current(TrackingToken token) {
        TrackingToken current = token;
        while (current instanceof ReplayToken replay) {
            current = replay.getCurrentToken();
        }
        return current;
    }

    private static TrackingToken atReset(ReplayToken token) {
        TrackingToken atReset = token.getTokenAtReset();
        while (atReset instanceof ReplayToken replay) {
            atReset = replay.getTokenAtReset();
        }
        return atReset;
    }

    List<ProjectionStatus> statuses() {
        long head = position(store.createHeadToken());
        Map<String, List<TrackingToken>> tokens = tokens();
        Map<String, Replay> replays = replays();
        List<ProjectionStatus> statuses = new ArrayList<>();
        for (String group : groups.names()) {
            statuses.add(status(group, head, tokens, replays.get(group)));
        }
        snapshot = new Snapshot(statuses.stream().collect(HashMap::new, (m, s) -> m.put(s.name(), s), Map::putAll),
                System.nanoTime());
        return statuses;
    }

    /**
     * A blue/green build shows as replaying, with the live model's position and lag (that is what readers see) and
     * the progress of the shadow token towards the head at its start.
     */
    private ProjectionStatus status(String group, long head, Map<String, List<TrackingToken>> allTokens,
                                    Replay replay) {
        List<TrackingToken> tokens = allTokens.getOrDefault(group, List.of());
        long position = lowest(tokens);
        long lag = Math.max(0, head - position);
        boolean building = replay != null && replay.building();
        boolean replaying = building || tokens.stream().anyMatch(ProjectionMonitor::replaying);
        Double progress = !replaying ? null
                : building ? shadowProgress(lowest(allTokens.getOrDefault(BlueGreenReplays.SHADOW_PREFIX + group,
                        List.of())), replay.target())
                : progress(tokens);
        String error = localError(group, head).orElse(replay == null ? null : replay.error());
        String status = error != null ? ProjectionStatus.FAILED
                : replaying ? ProjectionStatus.REPLAYING : ProjectionStatus.LIVE;
        boolean replayable = groups.replayable(group);
        Long secondsLeft = progress == null || progress <= 0 || replay == null ? null
                : Math.max(0, Math.round(Duration.between(replay.startedAt(), clock.instant()).toMillis()
                        * (1 - progress) / progress / 1000));
        return new ProjectionStatus(group, status, position, head, lag, progress, secondsLeft,
                replay == null ? null : replay.startedAt(), error, replayable,
                replayable ? null : notReplayable(group), replayable ? readModels.mode(group) : null);
    }

    /** Until the swap, at most 0.99: the last step (indexes, the swap) is still to come. */
    private static double shadowProgress(long at, long target) {
        return target < 0 ? 0.99 : Math.max(0, Math.min(0.99, (at + 1) / (double) (target + 1)));
    }

    static String notReplayable(String group) {
        return "'" + group + "' is a policy: it acts on the world (sends commands, runs "
                + "playbook actions, delivers notifications), and replaying it would do so again for past events";
    }

    /** Of the segments being replayed, how far the slowest has come towards the position it was reset at. */
    private static double progress(List<TrackingToken> tokens) {
        double progress = 1;
        for (TrackingToken token : tokens) {
            if (replaying(token)) {
                ReplayToken replay = (ReplayToken) token;
                long target = position(atReset(replay));
                long at = position(current(replay));
                progress = Math.min(progress, target < 0 ? 1 : Math.max(0, Math.min(1, (at + 1) / (double) (target + 1))));
            }
        }
        return progress;
    }

    /**
     * A segment of this node's processor that keeps failing its batch (it retries with back-off), or that has stalled
     * below the head ({@link StalledSegments}).
     */
    private Optional<String> localError(String group, long head) {
        Optional<StreamingEventProcessor> processor = processing.eventProcessor(group, StreamingEventProcessor.class);
        Optional<String> failing = processor.stream()
                .flatMap(p -> p.processingStatus().values().stream())
                .filter(EventTrackerStatus::isErrorState)
                .map(s -> s.getError() == null ? "error" : ValueFreeText.shown(s.getError()))
                .findFirst();
        if (failing.isPresent() || processor.isEmpty() || !processor.get().isRunning()) {
            return failing;
        }
        return stalls.stalled(group, processor.get(), head)
                ? Optional.of("Stalled: a segment of its processor on this node has handled no event for long while "
                        + "the event store holds later ones (a thread dump shows where its EventProcessor thread "
                        + "waits; a restart of the node resumes it from its token)")
                : Optional.empty();
    }

    private Map<String, List<TrackingToken>> tokens() {
        List<String> names = new ArrayList<>(groups.names());
        groups.names().forEach(g -> names.add(BlueGreenReplays.SHADOW_PREFIX + g));
        return tokens(names);
    }

    /** The tokens of {@code group}'s segments in the database (null: a segment before its first event). */
    List<TrackingToken> tokens(String group) {
        return tokens(List.of(group)).getOrDefault(group, List.of());
    }

    /** The tokens of each of the {@code names}d groups' segments in the database; a group without any is absent. */
    Map<String, List<TrackingToken>> tokens(Collection<String> names) {
        Map<String, List<TrackingToken>> tokens = new HashMap<>();
        jdbc.sql("SELECT processor_name, token, token_type FROM token_entry WHERE processor_name IN (:groups)")
                .param("groups", names)
                .query(rs -> {
                    byte[] bytes = rs.getBytes("token");
                    String type = rs.getString("token_type");
                    TrackingToken token = bytes == null || type == null ? null
                            : serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
                    tokens.computeIfAbsent(rs.getString("processor_name"), g -> new ArrayList<>()).add(token);
                });
        return tokens;
    }

    private Map<String, Replay> replays() {
        Map<String, Replay> replays = new HashMap<>();
        jdbc.sql("SELECT processing_group, started_at, error, shadow_schema, target_position FROM projection_replay")
                .query(rs -> {
                    Timestamp startedAt = rs.getTimestamp("started_at");
                    long target = rs.getLong("target_position");
                    target = rs.wasNull() ? -1 : target;
                    replays.put(rs.getString("processing_group"), new Replay(startedAt.toInstant(),
                            rs.getString("error"), rs.getString("shadow_schema") != null,
                            target));
                });
        return replays;
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String group : groups.names()) {
            Gauge.builder("lealup.projection.lag", this, m -> m.cached(group).map(ProjectionStatus::lag).orElse(0L))
                    .description("Events in the store that the processor has not handled yet")
                    .tag("projection", group)
                    .register(registry);
            Gauge.builder("lealup.projection.replay.progress", this,
                            m -> m.cached(group).map(s -> s.progress() == null ? 1.0 : s.progress()).orElse(1.0))
                    .description("Progress of the running replay (0-1), 1 when none runs")
                    .tag("projection", group)
                    .register(registry);
        }
    }

    private Optional<ProjectionStatus> cached(String group) {
        Snapshot current = snapshot;
        if (System.nanoTime() - current.takenAt() > METRICS_MAX_AGE.toNanos()) {
            statuses();
            current = snapshot;
        }
        return Optional.ofNullable(current.statuses().get(group));
    }

    private record Replay(Instant startedAt, String error, boolean building, long target) {
    }

    private record Snapshot(Map<String, ProjectionStatus> statuses, long takenAt) {
    }
}

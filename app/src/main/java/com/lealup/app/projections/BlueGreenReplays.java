package com.lealup.app.projections;

import com.lealup.api.projections.LiveChangeFeed;
import com.lealup.api.projections.ReplayProjection.Outcome;
import com.lealup.api.projections.ReplayProjection.Result;
import com.lealup.app.cluster.GroupTakeover;
import com.lealup.app.cluster.NodeRoles;
import com.lealup.app.deadletters.DeadLetterTable;
import com.lealup.app.deadletters.ProcessingGroups;
import com.lealup.app.logging.ValueFreeText;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * Blue/green replays: a processing group whose projections all declare their tables ({@code @ReadModelTables}) is
 * rebuilt into copies of them in a shadow schema ({@link ShadowTables}) by a second processor, {@code shadow:<group>}
 * in {@code token_entry}, that handles every event from the first with new instances of the group's projections;
 * their SQL names no schema, and the shadow processor's transactions put the shadow schema first on the
 * {@code search_path}. The live processor and its tables serve and keep up meanwhile. Once the shadow token has
 * reached the live one, the copies get their other indexes; then the live processor of this node stops, the
 * shadow finishes what the live one had handled, and one transaction drops the live tables, moves the copies in,
 * gives the live group the shadow's token (on every segment: it covers every sequence) and the shadow's dead-letter
 * queue in place of its own (the events the rebuild could not apply, parked per sequence as by the live processor).
 * The live processor starts again from there.
 * <p>
 * The shadow instances get an update emitter of their own, which no one subscribes to: a read-your-writes wait
 * must hear of a version only once the live tables show it. For the same reason they get a silent stand-in of each
 * {@link LiveChangeFeed} of the group, which the swap then tells that everything changed. A build that keeps failing
 * (for {@link #FAIL_AFTER} and {@link #FAIL_ATTEMPTS} failed attempts without its token moving on: a failure that no
 * dead letter isolates, such as a missing table) or cannot swap is abandoned: its schema and token are dropped, the error recorded in
 * {@code projection_replay}, and the live model stays as it was. The build's state is in {@code projection_replay}
 * and its token in {@code token_entry}, so every node shows its progress; a node that starts (after a kill, too)
 * resumes a build still recorded as running, and a node that runs the group adopts a build whose node died
 * ({@link #adoptOrphanedBuilds}), so that a build outlives the node that started it. Of several nodes the one whose
 * shadow processor holds the claim does the work and the swap, for which it takes the group over from the nodes that
 * share its live segments.
 */
@Component
class BlueGreenReplays implements DisposableBean {

    static final String SHADOW_PREFIX = "shadow:";
    private static final Logger log = LoggerFactory.getLogger(BlueGreenReplays.class);
    /**
     * Larger batches than the live processors' (100): a replay commits once per batch, and a projection that folds
     * a batch's events (the customers') writes each row once per batch.
     */
    private static final int BATCH_SIZE = 5000;
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration ADOPT_EVERY = Duration.ofSeconds(1);
    /**
     * A build whose shadow token no node has stored or claimed for this long (nor made, that long after its start) is
     * taken for a dead node's. Far longer than the claim timeout on purpose: a second node's shadow processor beside a
     * live one would take its claim in any batch longer than that timeout (the build's batches are of 5,000 events),
     * and the two would then fail each other's batches; and a start makes its token within this.
     */
    private static final Duration ORPHANED_AFTER = Duration.ofSeconds(30);
    private static final Duration FAIL_AFTER = Duration.ofSeconds(20);
    /**
     * A poison event fails its batch up to three times before it is parked (the batch's queued writes, then the
     * handler without a savepoint, then in careful mode: ProcessorBatch, HandlerIsolation), and a batch of the build
     * can take longer than FAIL_AFTER under load: a build fails only after a fourth attempt failed too.
     */
    private static final int FAIL_ATTEMPTS = 4;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int SWAP_ATTEMPTS = 5;
    /** As for the live groups (DeadLetterConfiguration). */
    private static final int MAX_DEAD_LETTER_SEQUENCES = 100_000;

    private final ReadModelGroups groups;
    private final ProjectionMonitor monitor;
    private final ConfigurableListableBeanFactory beans;
    private final ObjectProvider<Configuration> axon;
    private final EventStore store;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final ShadowTables shadows;
    private final GroupTakeover takeover;
    private final ProcessingGroups processingGroups;
    private final NodeRoles roles;
    private final Clock clock;
    private final Map<String, Build> builds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "blue-green-replays");
        thread.setDaemon(true);
        return thread;
    });

    BlueGreenReplays(ReadModelGroups groups, ProjectionMonitor monitor, ConfigurableListableBeanFactory beans,
                     ObjectProvider<Configuration> axon, EventStore store, TokenStore tokenStore,
                     TransactionManager transactionManager, PlatformTransactionManager platformTransactions,
                     JdbcTemplate jdbc, GroupTakeover takeover, ProcessingGroups processingGroups, NodeRoles roles,
                     Clock clock) {
        this.groups = groups;
        this.monitor = monitor;
        this.beans = beans;
        this.axon = axon;
        this.store = store;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.transaction = new TransactionTemplate(platformTransactions);
        this.jdbc = jdbc;
        this.takeover = takeover;
        this.processingGroups = processingGroups;
        this.roles = roles;
        this.clock = clock;
        this.shadows = new ShadowTables(jdbc, transaction);
        watcher.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a build of the group next to its live model. The caller has checked that the group exists, may replay
     * and that this node may run it ({@code live} holds its claims or no one does).
     */
    Outcome start(String group, StreamingEventProcessor live) {
        // as the database keeps it (microseconds): it identifies the build
        Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String schema = ShadowTables.schemaOf(group);
        long target = store.createHeadToken() == null ? -1 : store.createHeadToken().position().orElse(-1);
        Boolean claimed = transaction.execute(tx -> jdbc.update("""
                        INSERT INTO projection_replay (processing_group, started_at, error, shadow_schema, target_position,
                            finished_at)
                        VALUES (?, ?, NULL, ?, ?, NULL)
                        ON CONFLICT (processing_group) DO UPDATE SET started_at = EXCLUDED.started_at, error = NULL,
                            shadow_schema = EXCLUDED.shadow_schema, target_position = EXCLUDED.target_position,
                            finished_at = NULL
                        WHERE projection_replay.shadow_schema IS NULL""",
                group, Timestamp.from(startedAt), schema, target) == 1);
        if (!Boolean.TRUE.equals(claimed)) {
            return new Outcome(Result.ALREADY_REPLAYING, "A replay of '" + group + "' is running");
        }
        try {
            shadows.create(schema, groups.tables(group));
            transaction.executeWithoutResult(tx -> {
                jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", SHADOW_PREFIX + group);
                jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", SHADOW_PREFIX + group);
            });
            Build build = build(group, schema, startedAt);
            builds.put(group, build);
            build.processor.start();
            log.info("Blue/green replay of '{}' started into schema {} (head {})", group, schema, target);
            return new Outcome(Result.STARTED, null);
        } catch (RuntimeException e) {
            log.warn("Blue/green replay of '{}' could not start; the live model is left as it was", group, e);
            abandon(group, schema, startedAt, describe(e));
            // the answer names no exception (its message may quote SQL): the operator reads the projection's error,
            // which leaves values and statements out, or the log by trace id
            return new Outcome(Result.FAILED, "The replay of '" + group + "' could not start; the live read model is "
                    + "left as it was (the projection's error says why)");
        }
    }

    /**
     * After a restart (a kill, too): goes on with the builds recorded as running; from then on, adopts those whose
     * node died.
     */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        jdbc.query("SELECT processing_group, started_at, shadow_schema FROM projection_replay WHERE shadow_schema IS NOT NULL",
                rs -> {
                    String group = rs.getString(1);
                    Instant startedAt = rs.getTimestamp(2).toInstant();
                    String schema = rs.getString(3);
                    watcher.execute(() -> resume(group, schema, startedAt));
                });
        watcher.scheduleWithFixedDelay(this::adoptOrphanedBuilds, ADOPT_EVERY.toMillis(), ADOPT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Goes on here with a build of a group this node runs whose node died ({@link #ORPHANED_AFTER}); its processor
     * claims the shadow token (Axon's timestamp of its last claim or store) and goes on from it.
     */
    private void adoptOrphanedBuilds() {
        // the database's time: the nodes that wrote these may have clocks of their own
        try {
            jdbc.query("""
                            SELECT r.processing_group, r.started_at, r.shadow_schema FROM projection_replay r
                            WHERE r.shadow_schema IS NOT NULL AND r.started_at < now() - make_interval(secs => ?)
                              AND NOT EXISTS (SELECT 1 FROM token_entry t
                                              WHERE t.processor_name = ? || r.processing_group
                                                AND CAST(t.timestamp AS timestamptz)
                                                    >= now() - make_interval(secs => ?))""",
                    rs -> {
                        String group = rs.getString(1);
                        if (!builds.containsKey(group) && roles.has(processingGroups.role(group))) {
                            log.info("Blue/green replay of '{}': its node stopped working on it; going on here", group);
                            resume(group, rs.getString(3), rs.getTimestamp(2).toInstant());
                        }
                    },
                    (double) ORPHANED_AFTER.toSeconds(), SHADOW_PREFIX, (double) ORPHANED_AFTER.toSeconds());
        } catch (RuntimeException e) {
            log.warn("Could not look for blue/green replays whose node died: {}", e.toString());
        }
    }

    private void resume(String group, String schema, Instant startedAt) {
        if (builds.containsKey(group)) {
            return;
        }
        if (!groups.blueGreen(group) || !shadows.exists(schema)) {
            abandon(group, schema, startedAt, "The build of the shadow tables was lost (a restart)");
            return;
        }
        Build build = build(group, schema, startedAt);
        builds.put(group, build);
        build.processor.start();
        log.info("Blue/green replay of '{}' resumed from its shadow token", group);
    }

    private Build build(String group, String schema, Instant startedAt) {
        AtomicInteger failedAttempts = new AtomicInteger();
        return new Build(group, schema, startedAt, processor(group, schema, failedAttempts), failedAttempts);
    }

    /**
     * The shadow processor: new instances of the group's projections (their own update emitter), all events from
     * the first, read ahead on a thread of their own ({@link ReadAhead}: those of the types they handle deserialized
     * there), one segment, transactions on the shadow schema.
     */
    private TrackingEventProcessor processor(String group, String schema, AtomicInteger failedAttempts) {
        Configuration configuration = axon.getObject();
        DefaultListableBeanFactory local = new DefaultListableBeanFactory(beans);
        local.setAutowireCandidateResolver(new ContextAnnotationAutowireCandidateResolver());
        // no one subscribes to it: its updates are dropped at once (queued until the commit, a replay's thousands
        // per batch cost a tenth of its processor's time, docs/PERFORMANCE.md)
        QueryUpdateEmitter unheard = new SimpleQueryUpdateEmitter(SimpleQueryUpdateEmitter.builder()) {
            @Override
            public <U> void emit(Predicate<SubscriptionQueryMessage<?, ?, U>> filter,
                                 SubscriptionQueryUpdateMessage<U> update) {
            }
        };
        for (String name : beans.getBeanNamesForType(QueryUpdateEmitter.class)) {
            local.registerSingleton(name, unheard);
        }
        for (String name : beans.getBeanNamesForType(LiveChangeFeed.class)) {
            LiveChangeFeed feed = beans.getBean(name, LiveChangeFeed.class);
            if (feed.group().equals(group)) {
                local.registerSingleton(name, silent(feed));
            }
        }
        List<EventMessageHandler> handlers = new ArrayList<>();
        for (Class<?> type : groups.projections(group)) {
            handlers.add(new AnnotationEventHandlerAdapter(local.createBean(type),
                    configuration.parameterResolverFactory(), configuration.handlerDefinition(type)));
        }
        // a dead-letter queue of its own, with the live group's sequencing and enqueue policy (HandlerIsolation): an
        // event the live model parked (a poison event) is parked by the build too instead of failing it; the swap
        // hands its letters to the live group
        var processing = configuration.eventProcessingConfiguration();
        OnShadowSchema transactions = new OnShadowSchema(transactionManager, jdbc, schema, shadows.liveSchema());
        SequencedDeadLetterQueue<EventMessage<?>> letters = DeadLetterTable.queue(SHADOW_PREFIX + group,
                configuration, MAX_DEAD_LETTER_SEQUENCES, MAX_DEAD_LETTER_SEQUENCES);
        DeadLetteringEventHandlerInvoker.Builder invoker = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(handlers)
                .sequencingPolicy(processing.sequencingPolicy(group))
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                .queue(letters)
                // as live: no lookup of the queue per event while nothing of the segment is parked
                .enableSequenceIdentifierCache()
                .transactionManager(transactions);
        processing.deadLetterPolicy(group).ifPresent(invoker::enqueuePolicy);
        DeadLetteringEventHandlerInvoker handling = invoker.build();
        return TrackingEventProcessor.builder()
                .name(SHADOW_PREFIX + group)
                .eventHandlerInvoker(handling)
                .messageSource(new ReadAhead(store, SHADOW_PREFIX + group, 2 * BATCH_SIZE, handling::canHandleType))
                .tokenStore(new CountingFailedAttempts(tokenStore, failedAttempts))
                .transactionManager(transactions)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(BATCH_SIZE)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .build();
    }

    /** A stand-in of {@code feed}, of its class, whose every method does nothing: the build's rows are not live. */
    private static Object silent(LiveChangeFeed feed) {
        ProxyFactory standIn = new ProxyFactory();
        standIn.setTargetClass(ClassUtils.getUserClass(feed));
        standIn.setProxyTargetClass(true);
        standIn.addAdvice((MethodInterceptor) call -> null);
        return standIn.getProxy(feed.getClass().getClassLoader());
    }

    private void tick() {
        for (Build build : builds.values()) {
            try {
                advance(build);
            } catch (RuntimeException e) {
                log.warn("Blue/green replay of '{}': {}", build.group, e.toString());
            }
        }
    }

    private void advance(Build build) {
        Optional<Instant> current = recorded(build.group);
        if (current.isEmpty() || !current.get().equals(build.startedAt)) {
            // abandoned or swapped on another node, or replaced by a newer build
            stop(build);
            builds.remove(build.group, build);
            return;
        }
        Map<Integer, EventTrackerStatus> status = build.processor.processingStatus();
        status.values().stream().filter(EventTrackerStatus::isErrorState).findFirst()
                .ifPresent(failing -> build.lastError = failing.getError());
        // the stored token, not the processor's position: that moves on within a batch that may still fail, and a
        // tick that saw it mid-batch would forgive the failures of a build that never gets a batch through
        long stored = monitor.position(SHADOW_PREFIX + build.group);
        if (stored > build.lastStoredPosition) {
            // a batch went through: the failures before it were overcome
            build.lastStoredPosition = stored;
            build.failedAttempts.set(0);
            build.failingSince = null;
        }
        long shadow = shadowPosition(build.group);
        // counted, not read from the status: between two attempts the processor has released its segment and
        // shows no status at all
        if (build.failedAttempts.get() > 0) {
            Instant since = build.failingSince == null ? clock.instant() : build.failingSince;
            build.failingSince = since;
            if (build.failedAttempts.get() >= FAIL_ATTEMPTS
                    && Duration.between(since, clock.instant()).compareTo(FAIL_AFTER) > 0) {
                fail(build, build.lastError == null ? "its batch failed " + build.failedAttempts.get() + " times"
                        : describe(build.lastError));
            }
            return;
        }
        if (status.isEmpty()) {
            return; // another node's shadow processor holds the claim (or this one has not claimed yet)
        }
        long live = livePosition(build.group);
        if (shadow < live) {
            return;
        }
        if (!build.indexed) {
            long began = System.nanoTime();
            String took = shadows.createIndexes(build.schema, groups.tables(build.group));
            build.indexed = true;
            log.info("Blue/green replay of '{}' caught up at {}; indexes built in {} ms ({})", build.group, shadow,
                    (System.nanoTime() - began) / 1_000_000, took);
            return;
        }
        swap(build);
    }

    /**
     * Stops the live processor here, takes the group over from the other nodes ({@link GroupTakeover}; stopped
     * first, as {@link ProjectionReplays} explains, so that it claims none of the segments they give up), lets the
     * shadow reach where it was, and swaps in one transaction.
     */
    private void swap(Build build) {
        // a node without the group's role (LEALUP_ROLES) has it stopped, and leaves it so
        Optional<StreamingEventProcessor> live = axon.getObject().eventProcessingConfiguration()
                .eventProcessor(build.group, StreamingEventProcessor.class)
                .filter(StreamingEventProcessor::isRunning);
        live.ifPresent(StreamingEventProcessor::shutDown);
        live.ifPresent(p -> awaitStopped(p, STOP_TIMEOUT));
        if (!takeover.take(build.group, GroupTakeover.WAIT)) {
            live.ifPresent(StreamingEventProcessor::start);
            swapFailed(build, "another node did not give the group's segments up within "
                    + GroupTakeover.WAIT.toSeconds() + " s");
            return;
        }
        try {
            long target = livePosition(build.group);
            long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
            while (shadowPosition(build.group) < target && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(20));
            }
            stop(build);
            try {
                transaction.executeWithoutResult(tx -> {
                    shadows.swap(build.schema, groups.tables(build.group), "5s");
                    beans.getBeansOfType(LiveChangeFeed.class).values().stream()
                            .filter(feed -> feed.group().equals(build.group))
                            .forEach(LiveChangeFeed::everythingChanged);
                    handOverToken(build.group);
                    jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", build.group);
                    jdbc.update("UPDATE dead_letter_entry SET processing_group = ? WHERE processing_group = ?",
                            build.group, SHADOW_PREFIX + build.group);
                    jdbc.update("""
                                    UPDATE projection_replay SET shadow_schema = NULL, finished_at = ?, error = NULL
                                    WHERE processing_group = ?""",
                            Timestamp.from(clock.instant()), build.group);
                });
                builds.remove(build.group, build);
                log.info("Blue/green replay of '{}' swapped in", build.group);
            } catch (RuntimeException e) {
                if (swapFailed(build, describe(e))) {
                    build.processor.start();
                }
            }
        } finally {
            live.ifPresent(StreamingEventProcessor::start);
            takeover.giveBack(build.group);
        }
    }

    /** A swap that did not happen: true when it is tried again at a later tick, false once the build is abandoned. */
    private boolean swapFailed(Build build, String error) {
        if (++build.swapAttempts >= SWAP_ATTEMPTS) {
            fail(build, "The rebuilt tables could not be swapped in: " + error);
            return false;
        }
        log.warn("Blue/green replay of '{}': swap attempt {} failed, retrying: {}", build.group, build.swapAttempts,
                error);
        return true;
    }

    /** The live group's segments take the shadow's token; their claims are dropped, so every node re-reads it. */
    private void handOverToken(String group) {
        Map<String, Object> shadow = jdbc.queryForMap(
                "SELECT token, token_type FROM token_entry WHERE processor_name = ? AND segment = 0 FOR UPDATE",
                SHADOW_PREFIX + group);
        String now = clock.instant().toString();
        int segments = jdbc.update("UPDATE token_entry SET token = ?, token_type = ?, owner = NULL, timestamp = ? "
                + "WHERE processor_name = ?", shadow.get("token"), shadow.get("token_type"), now, group);
        if (segments == 0) {
            jdbc.update("INSERT INTO token_entry (processor_name, segment, owner, timestamp, token, token_type) "
                    + "VALUES (?, 0, NULL, ?, ?, ?)", group, now, shadow.get("token"), shadow.get("token_type"));
        }
        jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", SHADOW_PREFIX + group);
    }

    private void fail(Build build, String error) {
        log.warn("Blue/green replay of '{}' failed, the live model is left as it was: {}", build.group, error);
        stop(build);
        builds.remove(build.group, build);
        abandon(build.group, build.schema, build.startedAt, error);
    }

    /** Drops what the build made and records why; the live model is untouched. */
    private void abandon(String group, String schema, Instant startedAt, String error) {
        transaction.executeWithoutResult(tx -> {
            shadows.drop(schema);
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", SHADOW_PREFIX + group);
            jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", SHADOW_PREFIX + group);
            jdbc.update("""
                            UPDATE projection_replay SET shadow_schema = NULL, finished_at = ?, error = ?
                            WHERE processing_group = ? AND started_at = ?""",
                    Timestamp.from(clock.instant()), error, group, Timestamp.from(startedAt));
        });
    }

    private Optional<Instant> recorded(String group) {
        return jdbc.query("SELECT started_at FROM projection_replay WHERE processing_group = ? AND shadow_schema IS NOT NULL",
                rs -> rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.<Instant>empty(), group);
    }

    private long shadowPosition(String group) {
        return builds.containsKey(group) ? builds.get(group).processor.processingStatus().values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1) : -1;
    }

    private long livePosition(String group) {
        return monitor.position(group);
    }

    private void stop(Build build) {
        build.processor.shutDown();
        awaitStopped(build.processor, STOP_TIMEOUT);
    }

    static boolean awaitStopped(StreamingEventProcessor processor, Duration timeout) {
        if (!(processor instanceof TrackingEventProcessor tracking)) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tracking.activeProcessorThreads() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (!sleep(Duration.ofMillis(20))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The failure and its root cause (a handler's failure comes wrapped by the processor and the isolation), without
     * the values their messages may quote: the replay's record outlives an erasure, as a dead letter does.
     */
    private static String describe(Throwable error) {
        if (error == null) {
            return "error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String described = ValueFreeText.shown(error);
        return root == error ? described : described + " (cause: " + ValueFreeText.shown(root) + ")";
    }

    @Override
    public void destroy() {
        watcher.shutdownNow();
        builds.values().forEach(b -> b.processor.shutDown());
    }

    private static final class Build {
        final String group;
        final String schema;
        final Instant startedAt;
        final TrackingEventProcessor processor;
        volatile boolean indexed;
        /** The processor's failed attempts since its token last moved on. */
        final AtomicInteger failedAttempts;
        volatile Instant failingSince;
        volatile long lastStoredPosition = -1;
        volatile Throwable lastError;
        int swapAttempts;

        Build(String group, String schema, Instant startedAt, TrackingEventProcessor processor,
              AtomicInteger failedAttempts) {
            this.group = group;
            this.schema = schema;
            this.startedAt = startedAt;
            this.processor = processor;
            this.failedAttempts = failedAttempts;
        }
    }

    /**
     * The shadow processor's transactions: the shadow schema first on the {@code search_path} (for this transaction
     * only), asynchronous commit as for every processor, no sequential scan where an index serves (the projections'
     * statements find rows by key, and their generic plans are made while the copy is still small, where a scan looks
     * cheapest: a second replay's PostgreSQL CPU varied by half from run to run without it, docs/PERFORMANCE.md), and
     * a refusal once the schema is gone (a build swapped in or abandoned by another node), so that a processor left
     * over never writes to the live tables.
     */
    private static final class OnShadowSchema implements TransactionManager {

        private final TransactionManager delegate;
        private final JdbcTemplate jdbc;
        private final String schema;
        private final String searchPath;

        OnShadowSchema(TransactionManager delegate, JdbcTemplate jdbc, String schema, String live) {
            this.delegate = delegate;
            this.jdbc = jdbc;
            this.schema = schema;
            this.searchPath = "\"" + schema + "\", \"" + live + "\"";
        }

        @Override
        public Transaction startTransaction() {
            Transaction transaction = delegate.startTransaction();
            Boolean there = jdbc.queryForObject("""
                            SELECT set_config('search_path', ?, true) IS NOT NULL
                               AND set_config('synchronous_commit', 'off', true) IS NOT NULL
                               AND set_config('enable_seqscan', 'off', true) IS NOT NULL
                               AND EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)""",
                    Boolean.class, searchPath, schema);
            if (!Boolean.TRUE.equals(there)) {
                transaction.rollback();
                throw new IllegalStateException("The shadow schema " + schema + " is gone");
            }
            return transaction;
        }
    }

    /**
     * The shared token store, counting the shadow processor's failed attempts: after each, whatever failed (a
     * handler, a commit, or outside any transaction), the processor releases its claim before it waits to retry. Its
     * error status would not do: it keeps only the first error of a streak.
     */
    private record CountingFailedAttempts(TokenStore delegate, AtomicInteger failed) implements TokenStore {

        @Override
        public void releaseClaim(@Nonnull String processorName, int segment) {
            failed.incrementAndGet();
            delegate.releaseClaim(processorName, segment);
        }

        @Override
        public void initializeTokenSegments(@Nonnull String processorName, int segmentCount) {
            delegate.initializeTokenSegments(processorName, segmentCount);
        }

        @Override
        public void initializeTokenSegments(@Nonnull String processorName, int segmentCount,
                                            @Nullable TrackingToken initialToken) {
            delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
        }

        @Override
        public void storeToken(@Nullable TrackingToken token, @Nonnull String processorName, int segment) {
            delegate.storeToken(token, processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(@Nonnull String processorName, int segment) {
            return delegate.fetchToken(processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(@Nonnull String processorName, @Nonnull Segment segment) {
            return delegate.fetchToken(processorName, segment);
        }

        @Override
        public void extendClaim(@Nonnull String processorName, int segment) {
            delegate.extendClaim(processorName, segment);
        }

        @Override
        public void initializeSegment(@Nullable TrackingToken token, @Nonnull String processorName, int segment) {
            delegate.initializeSegment(token, processorName, segment);
        }

        @Override
        public void deleteToken(@Nonnull String processorName, int segment) {
            delegate.deleteToken(processorName, segment);
        }

        @Override
        public boolean requiresExplicitSegmentInitialization() {
            return delegate.requiresExplicitSegmentInitialization();
        }

        @Override
        public int[] fetchSegments(@Nonnull String processorName) {
            return delegate.fetchSegments(processorName);
        }

        @Override
        public List<Segment> fetchAvailableSegments(@Nonnull String processorName) {
            return delegate.fetchAvailableSegments(processorName);
        }

        @Override
        public Optional<String> retrieveStorageIdentifier() {
            return delegate.retrieveStorageIdentifier();
        }
    }
}

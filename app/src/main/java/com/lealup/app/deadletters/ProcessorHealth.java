package com.lealup.app.deadletters;

import com.lealup.api.projections.GroupWorkers;
import com.lealup.app.cluster.NodeRoles;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code eventProcessors} health component and the dead-letter metrics. A processor that has parked
 * letters, or that is retrying a failing batch (or whose {@link GroupWorkers} retry their work), makes the component
 * {@code DEGRADED} (still HTTP 200: the node serves, but some data is not up to date) and names the processor;
 * details per processor: {@code status} ({@code running}, {@code error}, {@code stalled}: a segment that has not moved
 * below the store's head for long, {@link StalledSegments}; {@code stopped}; {@code other_nodes} for a processor of
 * a role this node does not have, LEALUP_ROLES), {@code dead_letter_sequences}, {@code dead_letters}.
 * Metrics {@code lealup_dead_letter_sequences} and {@code lealup_dead_letters}, tagged {@code processing_group}.
 */
@Component("eventProcessors")
class ProcessorHealth implements HealthIndicator, MeterBinder {

    static final Status DEGRADED = new Status("DEGRADED");
    /** Scrapes and health probes come often; the counts are a query of the whole table. */
    private static final Duration COUNTS_MAX_AGE = Duration.ofSeconds(2);

    private final EventProcessingConfiguration processing;
    private final DeadLetterInventory inventory;
    private final ProcessingGroups groups;
    private final NodeRoles roles;
    private final List<GroupWorkers> workers;
    private final StalledSegments stalls;
    private final EventStore store;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), 0);

    ProcessorHealth(EventProcessingConfiguration processing, DeadLetterInventory inventory,
                    ProcessingGroups groups, NodeRoles roles, List<GroupWorkers> workers, StalledSegments stalls,
                    EventStore store) {
        this.roles = roles;
        this.workers = workers;
        this.stalls = stalls;
        this.store = store;
        this.processing = processing;
        this.inventory = inventory;
        this.groups = groups;
    }

    @Override
    public Health health() {
        Map<String, DeadLetterInventory.Counts> counts = counts(true);
        TrackingToken headToken = store.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        Map<String, Object> processors = new TreeMap<>();
        boolean degraded = false;
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor processor)) {
                continue;
            }
            String name = entry.getKey();
            // a processor of a role this node lacks runs on other nodes (LEALUP_ROLES)
            String status = !groups.contains(name) || roles.has(groups.role(name)) ? status(name, processor, head)
                    : "other_nodes";
            DeadLetterInventory.Counts parked = counts.getOrDefault(name, new DeadLetterInventory.Counts(0, 0));
            degraded |= !"running".equals(status) && !"other_nodes".equals(status) || parked.letters() > 0;
            processors.put(name, Map.of("status", status, "dead_letter_sequences", parked.sequences(),
                    "dead_letters", parked.letters()));
        }
        return Health.status(degraded ? DEGRADED : Status.UP).withDetail("processors", processors).build();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String group : groups.names()) {
            gauge(registry, "lealup.dead.letter.sequences", "Sequences parked in the dead-letter queue", group,
                    DeadLetterInventory.Counts::sequences);
            gauge(registry, "lealup.dead.letters", "Events parked in the dead-letter queue", group,
                    DeadLetterInventory.Counts::letters);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String group,
                       ToLongFunction<DeadLetterInventory.Counts> value) {
        Gauge.builder(name, this, h -> value.applyAsLong(h.counts(false).getOrDefault(group,
                        new DeadLetterInventory.Counts(0, 0))))
                .description(description)
                .tag("processing_group", group)
                .register(registry);
    }

    /**
     * The processor's state on this node: a segment in error means it is retrying a batch that failed, as do
     * workers of its group that retry their work.
     */
    private String status(String name, StreamingEventProcessor processor, long head) {
        if (processor.isError()
                || processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState)
                || workers.stream().anyMatch(w -> w.processingGroup().equals(name) && w.retrying())) {
            return "error";
        }
        if (!processor.isRunning()) {
            return "stopped";
        }
        return stalls.stalled(name, processor, head) ? "stalled" : "running";
    }

    private Map<String, DeadLetterInventory.Counts> counts(boolean fresh) {
        Snapshot current = snapshot;
        if (fresh || System.nanoTime() - current.takenAt() > COUNTS_MAX_AGE.toNanos()) {
            current = new Snapshot(inventory.counts(), System.nanoTime());
            snapshot = current;
        }
        return current.counts();
    }

    private record Snapshot(Map<String, DeadLetterInventory.Counts> counts, long takenAt) {
    }
}

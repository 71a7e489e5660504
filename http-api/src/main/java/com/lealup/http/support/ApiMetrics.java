package com.lealup.http.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The API's own counters at {@code /actuator/prometheus}, each with tags of a fixed, small set of values (never a
 * workspace, a path or a client's value): requests refused 429 by limit class, idempotent replays, and usage events
 * accepted, duplicated or rejected by code.
 */
@Component
public class ApiMetrics {

    private final MeterRegistry registry;
    private final Counter replays;
    private final Counter ingested;
    private final Counter duplicates;
    private final Map<String, Counter> byTag = new ConcurrentHashMap<>();

    ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.replays = Counter.builder("lealup.idempotent.replays")
                .description("POSTs answered from the stored answer of their Idempotency-Key").register(registry);
        this.ingested = Counter.builder("lealup.events.ingested")
                .description("Usage events accepted by POST /v1/events").register(registry);
        this.duplicates = Counter.builder("lealup.events.duplicates")
                .description("Usage events of POST /v1/events whose event_id was already accepted").register(registry);
    }

    /** A request refused with 429; {@code limitClass} is one of the classes of lealup.rate-limits.classes. */
    public void rateLimited(String limitClass) {
        byTag.computeIfAbsent("rate_limited " + limitClass, k -> Counter.builder("lealup.http.rate_limited")
                .description("Requests refused with 429, by limit class").tag("limit_class", limitClass)
                .register(registry)).increment();
    }

    public void idempotentReplay() {
        replays.increment();
    }

    /** One batch of {@code POST /v1/events}; {@code code} of each rejected event (a documented, fixed set). */
    public void eventsIngested(int accepted, int duplicated, Iterable<String> rejectionCodes) {
        ingested.increment(accepted);
        duplicates.increment(duplicated);
        rejectionCodes.forEach(code -> byTag.computeIfAbsent("rejected " + code, k -> Counter
                .builder("lealup.events.rejected").description("Usage events rejected by POST /v1/events, by code")
                .tag("code", code).register(registry)).increment());
    }
}

package com.lealup.app.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.springframework.stereotype.Component;

/**
 * The message monitors of Axon's buses and event processors, on {@code /actuator/prometheus}
 * (docs/running.md#metrics): per component, {@code <prefix>.allTimer}, {@code successTimer}, {@code failureTimer},
 * {@code ignoredTimer}, {@code ingestedCounter}, {@code successCounter}, {@code failureCounter},
 * {@code processedCounter} and {@code ignoredCounter}, the names of axon-micrometer's dimensional monitors; an event
 * processor's prefix is {@code eventProcessor}, tagged {@code processorName}, with {@code eventProcessor.latency}
 * (milliseconds from its last event's timestamp to its handling). They replace axon-micrometer's
 * ({@code axon.metrics.auto-configuration.enabled: false}), which build the tags and look each meter up in the
 * registry for every message: for 23 processors and every event that was 11 % of the server's CPU samples under
 * the create load (docs/PERFORMANCE.md). Here every meter is registered once, when its component asks for its
 * monitor; there is no {@code payloadType} tag (one series per message type, MetricsCardinality).
 */
@Component
class AxonMeters implements ConfigurerModule {

    static final String PROCESSOR_PREFIX = "eventProcessor";
    static final String PROCESSOR_TAG = "processorName";

    private final MeterRegistry registry;

    AxonMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configureModule(Configurer configurer) {
        configurer.configureMessageMonitor(configuration -> (componentType, componentName) ->
                EventProcessor.class.isAssignableFrom(componentType)
                        ? new Monitor(registry, PROCESSOR_PREFIX, Tags.of(PROCESSOR_TAG, componentName), true)
                        : new Monitor(registry, componentName, Tags.empty(), false));
    }

    private static final class Monitor implements MessageMonitor<Message<?>> {

        private final Clock clock;
        private final Timer all;
        private final Timer success;
        private final Timer failure;
        private final Timer ignored;
        private final Counter ingestedCount;
        private final Counter successCount;
        private final Counter failureCount;
        private final Counter processedCount;
        private final Counter ignoredCount;
        private final AtomicLong latencyMillis;

        Monitor(MeterRegistry registry, String prefix, Tags tags, boolean latency) {
            this.clock = registry.config().clock();
            this.all = Timer.builder(prefix + ".allTimer").tags(tags).register(registry);
            this.success = Timer.builder(prefix + ".successTimer").tags(tags).register(registry);
            this.failure = Timer.builder(prefix + ".failureTimer").tags(tags).register(registry);
            this.ignored = Timer.builder(prefix + ".ignoredTimer").tags(tags).register(registry);
            this.ingestedCount = registry.counter(prefix + ".ingestedCounter", tags);
            this.successCount = registry.counter(prefix + ".successCounter", tags);
            this.failureCount = registry.counter(prefix + ".failureCounter", tags);
            this.processedCount = registry.counter(prefix + ".processedCounter", tags);
            this.ignoredCount = registry.counter(prefix + ".ignoredCounter", tags);
            this.latencyMillis = latency ? new AtomicLong() : null;
            if (latency) {
                Gauge.builder(prefix + ".latency", latencyMillis, AtomicLong::get).tags(tags).baseUnit("milliseconds")
                        .register(registry);
            }
        }

        @Override
        public MonitorCallback onMessageIngested(Message<?> message) {
            long start = clock.monotonicTime();
            ingestedCount.increment();
            if (latencyMillis != null && message instanceof EventMessage<?> event) {
                latencyMillis.set(Math.max(0, clock.wallTime() - event.getTimestamp().toEpochMilli()));
            }
            return new MonitorCallback() {
                @Override
                public void reportSuccess() {
                    done(success, successCount);
                    processedCount.increment();
                }

                @Override
                public void reportFailure(Throwable cause) {
                    done(failure, failureCount);
                    processedCount.increment();
                }

                @Override
                public void reportIgnored() {
                    done(ignored, ignoredCount);
                }

                private void done(Timer outcome, Counter outcomeCount) {
                    long nanos = clock.monotonicTime() - start;
                    all.record(nanos, TimeUnit.NANOSECONDS);
                    outcome.record(nanos, TimeUnit.NANOSECONDS);
                    outcomeCount.increment();
                }
            };
        }
    }
}

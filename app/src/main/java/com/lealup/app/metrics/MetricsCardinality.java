package com.lealup.app.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps {@code /actuator/prometheus} to a bounded number of series (docs/running.md#metrics):
 * <ul>
 *   <li>no {@code payloadType} tag: Axon tags its processor and bus meters with every event, command and query
 *       type, which multiplied each of them by the number of message types;</li>
 *   <li>no client-side quantiles ({@code quantile="0.99"}): they cannot be aggregated across nodes and were six
 *       series per timer (count, sum and max stay). Request latency is published as histogram buckets instead,
 *       bounded to the boundaries of {@code management.metrics.distribution.slo.http.server.requests}
 *       (application.yml);</li>
 *   <li>the event processors' time per event ({@code eventProcessor.allTimer}, per processor) as histogram buckets
 *       too, at the {@link #PROCESSOR_BUCKETS} only: 11 series a processor (253 for 23 processors), where
 *       Micrometer's own percentile histogram, even held to 1 ms-10 s, is 60; its {@code successTimer},
 *       {@code failureTimer} and {@code ignoredTimer} keep count, sum and max (buckets for all four were 1,012
 *       series).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class MetricsCardinality {

    static final String PAYLOAD_TYPE = "payloadType";
    static final String PROCESSOR_TIMER = "eventProcessor.allTimer";
    /** The time one event takes in a processor: a projection's row (ms), a policy's command, a webhook's call (s). */
    static final List<Duration> PROCESSOR_BUCKETS = Stream.of(1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000)
            .map(Duration::ofMillis).toList();

    @Bean
    MeterFilter withoutPayloadType() {
        return MeterFilter.ignoreTags(PAYLOAD_TYPE);
    }

    @Bean
    MeterFilter processorTimerBuckets() {
        double[] boundaries = PROCESSOR_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().equals(PROCESSOR_TIMER)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(false)
                        .serviceLevelObjectives(boundaries).build().merge(config);
            }
        };
    }

    @Bean
    MeterFilter withoutClientSideQuantiles() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder().percentiles().build().merge(config);
            }
        };
    }
}

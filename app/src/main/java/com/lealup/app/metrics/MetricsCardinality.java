package com.lealup.app.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
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
 *       (application.yml).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class MetricsCardinality {

    static final String PAYLOAD_TYPE = "payloadType";

    @Bean
    MeterFilter withoutPayloadType() {
        return MeterFilter.ignoreTags(PAYLOAD_TYPE);
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

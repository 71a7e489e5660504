package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.deadletters.ProcessingGroups;
import com.lealup.app.support.ApiTest;
import java.util.Arrays;
import org.axonframework.config.Configuration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/** Which processors linger for larger batches (AxonConfiguration.trackingProcessors, {@code @Lingers}). */
class LingeringProcessorsTest extends ApiTest {

    @Autowired
    private ProcessingGroups groups;
    @Autowired
    private Configuration axon;
    @Autowired
    private ApplicationContext context;

    @Test
    void theProcessorsOfTheGroupsThatLingerReadTheStoreThroughALingeringSourceAndNoOtherDoes() {
        assertThat(groups.names()).filteredOn(groups::lingers).contains("analytics-portfolio", "analytics-cohorts",
                "analytics-renewals", "playbook-engine", "health-signals", "webhook-fanout",
                "customer-record-snapshots");
        assertThat(groups.names()).allSatisfy(group -> assertThat(axon.eventProcessingConfiguration()
                .eventProcessor(group, TrackingEventProcessor.class).orElseThrow().getMessageSource())
                .as(group)
                .matches(source -> source instanceof LingeringSource == groups.lingers(group)));
    }

    /** A projection that emits query updates is one a read-your-writes wait listens to: its writes are awaited. */
    @Test
    void noGroupThatARequestWaitsForLingers() {
        int emitting = 0;
        for (String bean : context.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            Class<?> type = ClassUtils.getUserClass(context.getType(bean));
            if (Arrays.stream(type.getDeclaredFields()).anyMatch(f -> f.getType() == QueryUpdateEmitter.class)) {
                emitting++;
                assertThat(groups.lingers(context.findAnnotationOnBean(bean, ProcessingGroup.class).value()))
                        .as(type.getSimpleName()).isFalse();
            }
        }
        assertThat(emitting).as("projections emitting updates, the customers' among them").isGreaterThan(10);
        assertThat(groups.lingers("customers")).isFalse();
    }
}

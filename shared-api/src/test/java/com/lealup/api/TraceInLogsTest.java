package com.lealup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TraceInLogsTest {

    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aHandlerSeesItsEventsTraceAndTheThreadsOwnComesBackAfter() throws Exception {
        MDC.put(MetadataKeys.TRACE_ID, "outer");
        EventMessage<?> event = GenericEventMessage.asEventMessage("payload")
                .andMetaData(Map.of(MetadataKeys.TRACE_ID, "trace-1"));
        UnitOfWork<EventMessage<?>> unit = DefaultUnitOfWork.startAndGet(event);
        try {
            new DefaultInterceptorChain<>(unit, List.of(new TraceInLogs()), message -> {
                seen.add(MDC.get(MetadataKeys.TRACE_ID));
                return null;
            }).proceed();
        } finally {
            unit.commit();
        }

        assertThat(seen).containsExactly("trace-1");
        assertThat(MDC.get(MetadataKeys.TRACE_ID)).isEqualTo("outer");
    }

    @Test
    void workAroundAMessageWithoutATraceLeavesTheContextAsItWas() {
        TraceInLogs.around(GenericEventMessage.asEventMessage("payload"),
                () -> seen.add(MDC.get(MetadataKeys.TRACE_ID)));
        TraceInLogs.around(GenericEventMessage.asEventMessage("payload")
                .andMetaData(Map.of(MetadataKeys.TRACE_ID, "trace-2")), () -> seen.add(MDC.get(MetadataKeys.TRACE_ID)));

        assertThat(seen).containsExactly(null, "trace-2");
        assertThat(MDC.get(MetadataKeys.TRACE_ID)).isNull();
    }
}

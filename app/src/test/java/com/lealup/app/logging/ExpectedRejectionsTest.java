package com.lealup.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class ExpectedRejectionsTest {

    private final LoggerContext context = new LoggerContext();
    private final ExpectedRejections filter = new ExpectedRejections();

    /** The race of a read-your-writes wait that ended with a projection emitting to it (PackagedServerIT saw it). */
    @Test
    void axonsErrorForAnUpdateToAnEndedSubscriptionIsNoError() {
        assertThat(filter.decide(null, context.getLogger("org.axonframework.queryhandling.SimpleQueryUpdateEmitter"),
                Level.ERROR, "An error happened while trying to inform update handler about the error. Query: {}",
                new Object[] {"FindCustomerVersion"}, null)).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, context.getLogger("org.axonframework.queryhandling.SimpleQueryUpdateEmitter"),
                Level.ERROR, "Another error", null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, context.getLogger("com.example.Other"), Level.ERROR,
                "An error happened while trying to inform update handler about the error. Query: {}", null, null))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    /** The line Axon logs first, at INFO, for the same race: an update offered to a sink whose subscriber has left. */
    @Test
    void axonsLineForAnUpdateToAnEndedSinkIsNoNewsButAFullBufferIs() {
        String format = "An error occurred while trying to emit an update to a query '{}'. The subscription will be "
                + "cancelled. Exception summary: {}";
        assertThat(filter.decide(null, context.getLogger("org.axonframework.queryhandling.SimpleQueryUpdateEmitter"),
                Level.INFO, format, new Object[] {"com.lealup.api.customer.FindCustomerVersion",
                        "reactor.core.publisher.Sinks$EmissionException: Sink emission failed with FAIL_TERMINATED"},
                null)).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, context.getLogger("org.axonframework.queryhandling.SimpleQueryUpdateEmitter"),
                Level.INFO, format, new Object[] {"com.lealup.api.customer.FindCustomerVersion",
                        "reactor.core.publisher.Sinks$EmissionException: Sink emission failed with FAIL_OVERFLOW"},
                null)).isEqualTo(FilterReply.NEUTRAL);
    }
}

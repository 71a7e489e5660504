package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;

/** What the enqueue policy parks, and what it sends back to the processor to retry the batch. */
class HandlerIsolationTest {

    private final EnqueuePolicy<EventMessage<?>> policy = HandlerIsolation.enqueuePolicy();

    @Test
    void whatTheEventCausesIsParked() {
        assertThat(decide(new IllegalArgumentException("unreadable")).shouldEnqueue()).isTrue();
        // 22021: a NUL PostgreSQL cannot store; 23505: a unique violation; both come back with the same event
        assertThat(decide(new UncategorizedSQLException("insert", "sql", new SQLException("bad", "22021"))).shouldEnqueue())
                .isTrue();
        assertThat(decide(new DataIntegrityViolationException("dup", new SQLException("dup", "23505"))).shouldEnqueue())
                .isTrue();
    }

    @Test
    void aParkedFailureKeepsItsClassesAndSqlStateButNoValueItQuotes() {
        String quoted = "ERROR: invalid input syntax for type integer: \"Renée Dupont\"";
        ThrowableCause cause = (ThrowableCause) decide(new DataIntegrityViolationException(
                "PreparedStatementCallback; SQL [INSERT INTO customer_view (name) VALUES (?)]; " + quoted,
                new SQLException(quoted, "22P02"))).enqueueCause().orElseThrow();
        assertThat(cause.type()).isEqualTo(DataIntegrityViolationException.class.getName());
        assertThat(cause.message()).as("the statement left out, as the operator API shows the cause")
                .startsWith("DataIntegrityViolationException: PreparedStatementCallback; SQL […]; ERROR:")
                .doesNotContain("customer_view")
                .contains("SQLException (SQLState 22P02): ERROR: invalid input syntax for type integer: \"…\"")
                .doesNotContain("Renée").doesNotContain("Dupont");
        // unquoted: an email, a domain, a phone number, an id, an accented name, a date
        ThrowableCause unquoted = (ThrowableCause) decide(new IllegalStateException("Owner renee.dupont@mail.example "
                + "(+33612345678) of cus_01JD3ABC, also Renée at dupont-family.example since 2026-03-01"))
                .enqueueCause().orElseThrow();
        assertThat(unquoted.message()).isEqualTo("IllegalStateException: Owner … (…) of …, also … at … since …");
        assertThat(DeadLetterCause.of(new IllegalArgumentException("x".repeat(5000))).message())
                .hasSize(DeadLetterCause.MAX_LENGTH);
    }

    @Test
    void aFailureWithoutSavepointFailsTheBatch() {
        HandlerIsolation.UnisolatedFailure failure = new HandlerIsolation.UnisolatedFailure(new IllegalStateException());
        assertThatThrownBy(() -> decide(failure)).isSameAs(failure);
    }

    @Test
    void transientFailuresFailTheBatchToBeRetried() {
        assertThatThrownBy(() -> decide(new ConcurrencyException("aggregate moved on")))
                .isInstanceOf(HandlerIsolation.TransientFailure.class);
        assertThatThrownBy(() -> decide(new UncategorizedSQLException("x", "sql", new SQLException("deadlock", "40P01"))))
                .isInstanceOf(HandlerIsolation.TransientFailure.class);
        assertThatThrownBy(() -> decide(new RuntimeException(new SQLException("connection lost", "08006"))))
                .isInstanceOf(HandlerIsolation.TransientFailure.class);
        // the processor's thread interrupted (stopped for a shutdown or a replay's reset)
        assertThatThrownBy(() -> decide(new IllegalStateException(new InterruptedException())))
                .isInstanceOf(HandlerIsolation.TransientFailure.class);
        // Axon interrupts a worker whose batch outlasts a shutdown (a replay's reset stops the processor first)
        assertThatThrownBy(() -> decide(new InterruptedException()))
                .isInstanceOf(HandlerIsolation.TransientFailure.class);
    }

    private EnqueueDecision<EventMessage<?>> decide(Throwable cause) {
        EventMessage<?> event = GenericEventMessage.asEventMessage("payload");
        return policy.decide(new GenericDeadLetter<>("sequence", event, cause), cause);
    }
}

package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.api.task.TaskCreated;
import com.lealup.app.support.ApiTest;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A failed append is told as what it is: a duplicate (Axon's exceptions, which the commands retry) only for
 * PostgreSQL's unique violation; anything else (here a trigger's refusal) names the event and the database's error,
 * not a reused identifier. Each append runs in a transaction rolled back, so no processor ever reads these events.
 */
class EventStoreAppendFailureTest extends ApiTest {

    @Autowired
    private EventStorageEngine engine;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private PlatformTransactionManager transactionManager;

    private static String aggregate() {
        return "tsk_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The appends of a task's events at {@code sequences}, in one transaction rolled back whatever happens. */
    private void appendRolledBack(String aggregateId, long... sequences) {
        new TransactionTemplate(transactionManager).executeWithoutResult(transaction -> {
            transaction.setRollbackOnly();
            for (long sequence : sequences) {
                engine.appendEvents(new GenericDomainEventMessage<>("Task", aggregateId, sequence,
                        EventSamples.of(TaskCreated.class)));
            }
        });
    }

    @Test
    void anAppendRefusedForAnotherCauseIsNotToldAsADuplicate() {
        String refused = aggregate();
        jdbc.execute("CREATE FUNCTION refuse_append_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.aggregate_identifier = '" + refused + "' THEN RAISE EXCEPTION 'refused by the test'; END IF; "
                + "RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER refuse_append_test BEFORE INSERT ON domain_event_entry FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_append_test()");
        try {
            assertThatThrownBy(() -> appendRolledBack(refused, 0)).isExactlyInstanceOf(EventStoreException.class)
                    .hasMessageStartingWith("An event of aggregate Task [" + refused + "] at sequence 0 could not be "
                            + "stored: ")
                    .hasMessageContaining("refused by the test")
                    .hasMessageNotContaining("reuse");
        } finally {
            jdbc.execute("DROP TRIGGER refuse_append_test ON domain_event_entry");
            jdbc.execute("DROP FUNCTION refuse_append_test()");
        }
    }

    @Test
    void aSecondAppendOfTheSameSequenceIsADuplicate() {
        String created = aggregate();
        assertThatThrownBy(() -> appendRolledBack(created, 0, 0)).isInstanceOf(AggregateStreamCreationException.class);
        assertThatThrownBy(() -> appendRolledBack(created, 0, 1, 1)).isInstanceOf(ConcurrencyException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, created)).as("rolled back").isZero();
    }
}

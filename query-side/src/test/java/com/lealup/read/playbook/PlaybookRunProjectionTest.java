package com.lealup.read.playbook;

import static com.lealup.read.ReadModelDatabase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.notification.NotificationDelivered;
import com.lealup.api.notification.NotificationSource;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookRunView;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.read.ReadModelDatabase;
import com.lealup.testing.ProcessingOrders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs and their actions' outcomes, as the processor may hand the events over on several segments: a run, the
 * notification its notify action asked for and its customer's erasure are events of three aggregates.
 */
class PlaybookRunProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final PlaybookRunProjection projection = new PlaybookRunProjection(jdbc, new ObjectMapper());
    private final SequencingPolicy<? super EventMessage<?>> sequencing = ProcessingOrders.registeredFor(
            PlaybookRunProjection.PROCESSING_GROUP,
            new PlaybookRunProcessingConfiguration().playbookRunsSequencedByWorkspace());

    private static EventMessage<?> triggered(String ws, String runId, String customerId) {
        PlaybookAction notify = new PlaybookAction(PlaybookAction.NOTIFY, null, null, null, null, null, "slack",
                "#cs", null, null);
        return ProcessingOrders.ofAggregate("PlaybookRun", runId, 0, new PlaybookTriggered(runId, "pbk_1",
                "Churn risk", ws, customerId, null, "condition", Map.of("health_score", 31), List.of(notify), T0, 1L), ws);
    }

    @Test
    void aNotifyActionTakesItsDeliveryWhicheverSegmentHandlesItsEventsFirst() {
        String ws = "wsp_runs_delivered_test";
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(sequencing,
                triggered(ws, "run_delivered", "cus_1"),
                ProcessingOrders.ofAggregate("Notification", "ntf_delivered", 1, new NotificationDelivered(
                        "ntf_delivered", ws, new NotificationSource("pbk_1", "run_delivered", 0), 1, T0.plusSeconds(2)),
                        ws));

        for (List<EventMessage<?>> order : orders) {
            jdbc.sql("DELETE FROM playbook_run_action_view WHERE run_id = 'run_delivered'").update();
            jdbc.sql("DELETE FROM playbook_run_view WHERE id = 'run_delivered'").update();
            ProcessingOrders.handle(projection, order);
            assertThat(jdbc.sql("SELECT status FROM playbook_run_action_view WHERE run_id = 'run_delivered'")
                    .query(String.class).list()).as("the action after %s", ProcessingOrders.describe(order))
                    .containsExactly(PlaybookRunView.SUCCEEDED);
        }
    }

    @Test
    void anErasedCustomersRunIsGoneWhicheverSegmentHandlesItsEventsFirst() {
        String ws = "wsp_runs_erased_test";
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(sequencing,
                triggered(ws, "run_erased", "cus_erased"),
                ProcessingOrders.ofAggregate("Customer", "cus_erased", 5, new CustomerErased("cus_erased", ws,
                        CustomerErased.ON_REQUEST, T0.plusSeconds(2)), ws));

        for (List<EventMessage<?>> order : orders) {
            ProcessingOrders.handle(projection, order);
            assertThat(rows("playbook_run_view", "workspace_id = ?", ws)).as("runs after %s",
                    ProcessingOrders.describe(order)).isEmpty();
            assertThat(rows("playbook_run_action_view", "run_id = ?", "run_erased")).as("actions after %s",
                    ProcessingOrders.describe(order)).isEmpty();
        }
    }
}

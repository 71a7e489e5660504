package com.lealup.read.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.notification.NotificationDelivered;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationSource;
import com.lealup.api.playbook.PlaybookActionFailed;
import com.lealup.api.playbook.PlaybookActionSucceeded;
import com.lealup.api.playbook.PlaybookRunView;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.projections.Lingers;
import com.lealup.api.projections.ReadModelTables;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The runs read model: a row per run ({@code playbook_run_view}) and per action ({@code playbook_run_action_view}).
 * Every action starts pending and takes its one outcome: from the run's own events, or, for notify actions, from
 * the notification's delivery events (which name the run and the action). Each outcome is written at most once
 * (only a pending action changes), so redelivery and replay give the same rows.
 */
@Component
@ProcessingGroup(PlaybookRunProjection.PROCESSING_GROUP)
@Lingers
@ReadModelTables({"playbook_run_view", "playbook_run_action_view"})
class PlaybookRunProjection {

    static final String PROCESSING_GROUP = "playbook-runs";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    PlaybookRunProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(PlaybookTriggered event) {
        int inserted = jdbc.sql("""
                        INSERT INTO playbook_run_view (id, workspace_id, playbook_id, customer_id, matched_at, snapshot)
                        VALUES (?, ?, ?, ?, ?, CAST(? AS json)) ON CONFLICT (id) DO NOTHING""")
                .params(event.runId(), event.workspaceId(), event.playbookId(), event.customerId(),
                        Timestamp.from(event.matchedAt()), toJson(event.snapshot()))
                .update();
        if (inserted == 0) {
            return;
        }
        for (int index = 0; index < event.actions().size(); index++) {
            jdbc.sql("INSERT INTO playbook_run_action_view (run_id, action_index, type, status) VALUES (?, ?, ?, ?)")
                    .params(event.runId(), index, event.actions().get(index).type(), PlaybookRunView.PENDING)
                    .update();
        }
    }

    @EventHandler
    void on(PlaybookActionSucceeded event) {
        settle(event.runId(), event.actionIndex(), PlaybookRunView.SUCCEEDED, event.taskId(), null);
    }

    @EventHandler
    void on(PlaybookActionFailed event) {
        settle(event.runId(), event.actionIndex(), PlaybookRunView.FAILED, null, event.errorCode());
    }

    @EventHandler
    void on(NotificationDelivered event) {
        if (fromRun(event.source())) {
            settle(event.source().playbookRunId(), event.source().actionIndex(), PlaybookRunView.SUCCEEDED, null, null);
        }
    }

    @EventHandler
    void on(NotificationFailed event) {
        if (fromRun(event.source())) {
            settle(event.source().playbookRunId(), event.source().actionIndex(), PlaybookRunView.FAILED, null,
                    event.reason());
        }
    }

    /** An erased customer's runs go with it (their snapshots are its data). */
    @EventHandler
    void on(CustomerErased event) {
        jdbc.sql("""
                        DELETE FROM playbook_run_action_view
                        WHERE run_id IN (SELECT id FROM playbook_run_view WHERE customer_id = ?)""")
                .param(event.customerId()).update();
        jdbc.sql("DELETE FROM playbook_run_view WHERE customer_id = ?").param(event.customerId()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE playbook_run_view, playbook_run_action_view").update();
    }

    private static boolean fromRun(NotificationSource source) {
        return source != null && source.playbookRunId() != null && source.actionIndex() != null;
    }

    private void settle(String runId, int index, String status, String taskId, String error) {
        jdbc.sql("""
                        UPDATE playbook_run_action_view SET status = ?, task_id = ?, error = ?
                        WHERE run_id = ? AND action_index = ? AND status = 'pending'""")
                .params(status, taskId, error, runId, index)
                .update();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

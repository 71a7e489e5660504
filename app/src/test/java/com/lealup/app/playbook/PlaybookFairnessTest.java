package com.lealup.app.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs are done fairly between workspaces, not in the store's order: one workspace's burst of runs (500 events of a
 * customer, each starting two runs of five tasks) does not hold another workspace's run behind it. Done in the store's
 * order, the other's run waited for the whole burst.
 */
class PlaybookFairnessTest extends ApiTest {

    private static final int BURST = 500;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aBurstOfRunsInOneWorkspaceDoesNotHoldAnotherWorkspacesRunBehindIt() {
        Workspace busy = newWorkspace();
        PlaybookCalls busyCalls = new PlaybookCalls(http(), busy);
        List<Map<String, Object>> fiveTasks = new ArrayList<>();
        for (int task = 1; task <= 5; task++) {
            fiveTasks.add(Map.of("type", "create_task", "title", "Task " + task, "assignee", "owner"));
        }
        for (int playbook = 1; playbook <= 2; playbook++) {
            busyCalls.playbook(Map.of("name", "Feature used " + playbook,
                    "trigger", Map.of("type", "event", "event_type", "feature_used"),
                    "actions", fiveTasks, "enabled", true));
        }
        String busyCustomer = busyCalls.customer(Map.of("name", "Busy", "email_domain", "busy.com"));

        Workspace quiet = newWorkspace();
        PlaybookCalls quietCalls = new PlaybookCalls(http(), quiet);
        String quietPlaybook = quietCalls.playbook(Map.of("name", "Logged in",
                "trigger", Map.of("type", "event", "event_type", "login"),
                "actions", List.of(Map.of("type", "create_task", "title", "Say hello", "assignee", "owner")),
                "enabled", true));
        String quietCustomer = quietCalls.customer(Map.of("name", "Quiet", "email_domain", "quiet.com"));

        List<Map<String, Object>> burst = new ArrayList<>();
        for (int event = 0; event < BURST; event++) {
            burst.add(Map.of("type", "feature_used", "customer_id", busyCustomer,
                    "timestamp", clock.instant().minusSeconds(60).toString()));
        }
        assertThat(http().post("/v1/events").token(busy.token()).json(Map.of("events", burst)).send().status())
                .isEqualTo(202);
        await("the burst under way").until(() -> queued(busy) > 0);

        assertThat(http().post("/v1/events").token(quiet.token()).json(Map.of("events", List.of(Map.of(
                "type", "login", "customer_id", quietCustomer, "timestamp", clock.instant().minusSeconds(1).toString()))))
                .send().status()).isEqualTo(202);
        quietCalls.awaitRuns(quietPlaybook, runs -> runs.size() == 1
                && runs.get(0).path("actions").get(0).path("status").asText().equals("succeeded"));

        assertThat(queued(busy)).as("the busy workspace's runs still to do when the quiet one's was done")
                .isPositive();
        awaitProcessorsCaughtUp();
    }

    private long queued(Workspace workspace) {
        return jdbc.sql("SELECT count(*) FROM playbook_run_queue WHERE workspace_id = ?").param(workspace.id())
                .query(Long.class).single();
    }
}

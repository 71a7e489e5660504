package com.lealup.write.playbook;

import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookActionFailed;
import com.lealup.api.playbook.PlaybookActionSucceeded;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.playbook.RecordPlaybookActionOutcome;
import com.lealup.api.playbook.StartPlaybookRun;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** The run aggregate: the snapshot and actions of its playbook, one outcome per action. */
class PlaybookRunTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final List<PlaybookAction> ACTIONS = List.of(
            new PlaybookAction(PlaybookAction.CREATE_TASK, "Call", null, "owner", null, null, null, null, null, null),
            new PlaybookAction(PlaybookAction.NOTIFY, null, null, null, null, null, "slack", "#cs", null, null));
    private static final PlaybookTriggered TRIGGERED = new PlaybookTriggered("run_1", "pbk_1", "At risk", "wsp_1",
            "cus_1", "usr_ana", "condition", Map.of("health_score", 20), ACTIONS, NOW, 1L);

    private static AggregateTestFixture<PlaybookRun> fixture(Class<PlaybookRun> type) {
        AggregateTestFixture<PlaybookRun> fixture = new AggregateTestFixture<>(type);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        return fixture;
    }

    @Test
    void aRunStartsWithTheSnapshotAndTheActionsOfItsPlaybook() {
        fixture(PlaybookRun.class).givenNoPriorActivity()
                .when(new StartPlaybookRun("run_1", "pbk_1", "At risk", "wsp_1", "cus_1", "usr_ana", "condition",
                        Map.of("health_score", 20), ACTIONS, NOW, 1L))
                .expectEvents(TRIGGERED);
    }

    @Test
    void eachActionHasOneOutcome() {
        fixture(PlaybookRun.class).given(TRIGGERED)
                .when(new RecordPlaybookActionOutcome("run_1", 0, true, "tsk_1", null, null))
                .expectEvents(new PlaybookActionSucceeded("run_1", "pbk_1", "wsp_1", 0, "create_task", "tsk_1", NOW));
        fixture(PlaybookRun.class).given(TRIGGERED)
                .when(new RecordPlaybookActionOutcome("run_1", 1, false, null, "integration_not_connected", "no Slack"))
                .expectEvents(new PlaybookActionFailed("run_1", "pbk_1", "wsp_1", 1, "notify",
                        "integration_not_connected", "no Slack", NOW, "cus_1"));
        fixture(PlaybookRun.class)
                .given(TRIGGERED, new PlaybookActionSucceeded("run_1", "pbk_1", "wsp_1", 0, "create_task", "tsk_1", NOW))
                .when(new RecordPlaybookActionOutcome("run_1", 0, false, null, "late", "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture(PlaybookRun.class).given(TRIGGERED)
                .when(new RecordPlaybookActionOutcome("run_1", 2, true, null, null, null))
                .expectException(rejection(Kind.INVALID, "out_of_range", "action_index"));
    }
}

package com.lealup.automation.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.MetadataKeys;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookTrigger;
import com.lealup.api.playbook.StartPlaybookDay;
import com.lealup.automation.SentCommands;
import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import com.lealup.write.customer.InMemoryCustomerKeys;
import com.lealup.write.usage.UsageLogs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sweep starts the day of each workspace whose playbooks read it, on that workspace's own calendar (so the day is
 * an event of the workspace, ordered with its facts), and asks each calendar once a day per node.
 */
class PlaybookDaySweepTest {

    private static final Instant NOW = Instant.parse("2026-11-26T00:05:00Z");
    private static final PlaybookAction CALL = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call", null, "owner",
            null, null, null, null, null, null);

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final TestClock clock = TestClock.fixedAt(NOW);
    private final SentCommands sent = new SentCommands();
    private final EngineState state = new EngineState(jdbc, TestDatabase.dataSource(), new ObjectMapper());
    private final PlaybookEngine engine = new PlaybookEngine(state, sent.gateway(), UsageLogs.on(TestDatabase.dataSource()),
            new InMemoryCustomerKeys());
    private final PlaybookDaySweep sweep = new PlaybookDaySweep(sent.gateway(), state, clock);

    @BeforeEach
    void emptyEngine() {
        jdbc.sql("TRUNCATE playbook_engine_playbook").update();
        sent.answer(command -> true);
    }

    @Test
    void eachWorkspaceWhosePlaybooksReadTheDayGetsItsOwnDayOnceADay() {
        engine.on(new PlaybookCreated("pbk_renewal", "wsp_a", playbook(PlaybookTrigger.RENEWAL, null, true), NOW), 0L);
        engine.on(new PlaybookCreated("pbk_days", "wsp_b", playbook(PlaybookTrigger.CONDITION, "days_to_renewal < 10",
                true), NOW), 0L);
        engine.on(new PlaybookCreated("pbk_arr", "wsp_c", playbook(PlaybookTrigger.CONDITION, "arr > 10", true), NOW), 0L);
        engine.on(new PlaybookCreated("pbk_off", "wsp_d", playbook(PlaybookTrigger.CONDITION, "days_to_renewal < 10",
                false), NOW), 0L);

        assertThat(sweep.sweep()).isEqualTo(2);
        LocalDate today = LocalDate.parse("2026-11-26");
        assertThat(sent.payloads()).containsExactlyInAnyOrder(StartPlaybookDay.of("wsp_a", today),
                StartPlaybookDay.of("wsp_b", today));
        assertThat(sent.messages()).allSatisfy(command -> assertThat(command.getMetaData().get(MetadataKeys.WORKSPACE_ID))
                .isEqualTo(((StartPlaybookDay) command.getPayload()).workspaceId()));

        sent.clear();
        assertThat(sweep.sweep()).as("asked today already").isZero();
        assertThat(sent.payloads()).isEmpty();

        clock.advance(Duration.ofDays(1));
        sent.answer(command -> false);
        assertThat(sweep.sweep()).as("another node started it").isZero();
        assertThat(sent.payloads()).containsExactlyInAnyOrder(StartPlaybookDay.of("wsp_a", today.plusDays(1)),
                StartPlaybookDay.of("wsp_b", today.plusDays(1)));
    }

    private static PlaybookDefinition playbook(String triggerType, String condition, boolean enabled) {
        PlaybookTrigger trigger = PlaybookTrigger.RENEWAL.equals(triggerType)
                ? new PlaybookTrigger(triggerType, null, null, 30)
                : new PlaybookTrigger(triggerType, condition, null, null);
        return new PlaybookDefinition("Sweep " + triggerType, null, trigger, List.of(CALL), enabled, 0);
    }
}

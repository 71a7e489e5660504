package com.lealup.automation.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.lealup.api.health.RescoreMarkedCustomers;
import com.lealup.write.health.HealthSignalStore;
import com.lealup.write.health.HealthSignalStore.DirtyCustomer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep: marked customers go out per workspace, up to 100 per command; a failed command ends the sweep. */
class HealthRecalculationTest {

    private final HealthSignalStore store = mock(HealthSignalStore.class);
    private final CommandGateway gateway = mock(CommandGateway.class);
    private final List<RescoreMarkedCustomers> sent = new ArrayList<>();
    private final HealthRecalculation recalculation = new HealthRecalculation(store, gateway,
            Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void recordCommands() {
        doAnswer(call -> sent.add(call.getArgument(0))).when(gateway).sendAndWait(any(), any(MetaData.class));
    }

    private static List<DirtyCustomer> marked(String workspaceId, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new DirtyCustomer(workspaceId + "-cus_" + i, workspaceId, i, 2)).toList();
    }

    @Test
    void rescoresTheMarkedCustomersOfEachWorkspaceAHundredPerCommand() {
        List<DirtyCustomer> due = new ArrayList<>(marked("ws_a", 205));
        due.addAll(marked("ws_b", 25));
        when(store.dirty(1000)).thenReturn(due);

        assertThat(recalculation.sweep()).isEqualTo(230);

        assertThat(sent).extracting(c -> c.workspaceId() + ":" + c.marks().size())
                .containsExactly("ws_a:100", "ws_a:100", "ws_a:5", "ws_b:25");
        assertThat(sent.get(1).marks().get(0)).isEqualTo(new RescoreMarkedCustomers.Mark("ws_a-cus_100", 100, "daily"));
    }

    /** The causes bits (events 1, daily 2, model 4): a model change first, then events, then the daily run. */
    @Test
    void aMarkNamesItsStrongestCauseAsTheTrigger() {
        assertThat(IntStream.range(0, 8).mapToObj(causes -> new DirtyCustomer("c", "w", 1, causes).trigger()).toList())
                .containsExactly("events", "events", "daily", "events", "model_change", "model_change", "model_change",
                        "model_change");
    }

    @Test
    void readsTheMarksAgainWhileAFullBatchCameBack() {
        when(store.dirty(1000)).thenReturn(marked("ws_a", 1000), marked("ws_a", 3));

        assertThat(recalculation.sweep()).isEqualTo(1003);
        assertThat(sent).hasSize(11);
    }

    @Test
    void aFailedCommandLeavesItsCustomersMarkedAndEndsTheSweep() {
        when(store.dirty(1000)).thenReturn(marked("ws_a", 1000));
        doAnswer(call -> {
            sent.add(call.getArgument(0));
            if (sent.size() == 2) {
                throw new IllegalStateException("database unavailable");
            }
            return null;
        }).when(gateway).sendAndWait(any(), any(MetaData.class));

        assertThat(recalculation.sweep()).isEqualTo(100);
        assertThat(sent).hasSize(2);
    }
}

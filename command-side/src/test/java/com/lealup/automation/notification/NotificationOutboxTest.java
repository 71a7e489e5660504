package com.lealup.automation.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationSource;
import com.lealup.automation.notification.NotificationOutbox.Pending;
import com.lealup.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox's claim on the real table: the workers go first to the workspaces holding fewest of them, so one
 * workspace's flood of notifications to a slow target (each attempt up to the request timeout) never queues another
 * workspace's notification behind it.
 */
class NotificationOutboxTest {

    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final NotificationSource SOURCE = new NotificationSource("pbk_1", "run_1", 0);

    private final NotificationOutbox outbox = new NotificationOutbox(TestDatabase.jdbc());

    @BeforeEach
    void emptyOutbox() {
        TestDatabase.jdbc().sql("DELETE FROM notification_outbox").update();
    }

    /** {@code count} notifications of the workspace, requested (and due) one second after another. */
    private List<String> due(String workspaceId, int count, Instant firstRequestedAt) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "ntf_" + UUID.randomUUID().toString().replace("-", "");
            outbox.add(new NotificationRequested(id, workspaceId, "slack", "https://hooks.slack.com/services/T/B/x",
                    "Churn risk", Map.of(), SOURCE, firstRequestedAt.plusSeconds(i), null), NOW.plusSeconds(86_400));
            ids.add(id);
        }
        return ids;
    }

    private List<String> claim(int limit) {
        return outbox.claim(NOW, NOW.plusSeconds(60), limit).stream().map(Pending::notificationId).toList();
    }

    private static String workspace() {
        return "wsp_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aWorkspaceHoldingWorkersGivesWayToAnotherWorkspacesDueNotification() {
        // the flooding workspace's notifications have been due the longest, and four are being attempted
        List<String> flood = due(workspace(), 50, NOW.minusSeconds(3_600));
        assertThat(claim(4)).containsExactlyInAnyOrderElementsOf(flood.subList(0, 4));
        List<String> waiting = due(workspace(), 1, NOW.minusSeconds(1));

        assertThat(claim(4)).as("the other workspace's first, then the flood's oldest")
                .containsExactlyInAnyOrder(waiting.get(0), flood.get(4), flood.get(5), flood.get(6));
    }

    @Test
    void workspacesWithNothingLeasedShareTheWorkersOldestDueFirst() {
        List<String> many = due(workspace(), 8, NOW.minusSeconds(3_600));
        List<String> few = due(workspace(), 2, NOW.minusSeconds(10));

        assertThat(claim(4)).containsExactlyInAnyOrder(many.get(0), few.get(0), many.get(1), few.get(1));
    }

    @Test
    void aLoneWorkspaceGetsEveryFreeWorkerAndNothingNotYetDue() {
        List<String> dueNow = due(workspace(), 6, NOW.minusSeconds(5));
        String later = due(workspace(), 1, NOW.plusSeconds(1)).get(0);

        assertThat(claim(4)).containsExactlyInAnyOrderElementsOf(dueNow.subList(0, 4));
        assertThat(claim(4)).as("still the only one due, though it holds leases")
                .containsExactlyInAnyOrderElementsOf(dueNow.subList(4, 6)).doesNotContain(later);
        assertThat(claim(4)).as("leased, so not due again").isEmpty();
    }

    @Test
    void aLeaseRunOutCountsNoLongerAndItsNotificationIsDueAgain() {
        List<String> flood = due(workspace(), 3, NOW.minusSeconds(3_600));
        outbox.claim(NOW.minusSeconds(120), NOW.minusSeconds(60), 2);
        List<String> other = due(workspace(), 2, NOW.minusSeconds(10));

        assertThat(claim(3)).as("the node holding the first two died: they count for no worker, and are due again")
                .containsExactlyInAnyOrder(flood.get(0), other.get(0), flood.get(1));
    }

    /** A clean stop gives back the lease it holds, and only that one: a later lease (another node's) stays. */
    @Test
    void aReleaseEndsOnlyTheLeaseItNames() {
        List<String> ids = due(workspace(), 1, NOW.minusSeconds(5));
        Pending claimed = outbox.claim(NOW, NOW.plusSeconds(60), 1).get(0);

        outbox.release(claimed.notificationId(), claimed.leasedUntil());

        assertThat(claim(1)).as("due at once").containsExactly(ids.get(0));
        outbox.release(claimed.notificationId(), claimed.leasedUntil().minusSeconds(1));
        assertThat(claim(1)).as("the new lease holds").isEmpty();
    }
}

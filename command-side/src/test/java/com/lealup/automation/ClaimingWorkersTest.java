package com.lealup.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A node's clean stop: the works under way end, and the claims whose works did not are given back. */
class ClaimingWorkersTest {

    private final List<String> givenBack = new CopyOnWriteArrayList<>();
    private final List<String> interrupted = new CopyOnWriteArrayList<>();
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final ClaimingWorkers<String> workers = new ClaimingWorkers<>("test", 2, GRACE, givenBack::add);

    private void poll(List<String> claims, CountDownLatch started, Runnable work) {
        workers.poll(free -> claims, claim -> {
            started.countDown();
            work.run();
        }, (claim, e) -> interrupted.add(claim));
    }

    @Test
    void aWorkThatEndsWithinTheGraceKeepsItsClaimAndNothingIsClaimedOnceStopping() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        poll(List.of("claim-1"), started, () -> awaitIgnoringInterrupts(answer));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        CountDownLatch stopped = new CountDownLatch(1);
        workers.stop(stopped::countDown);
        assertThat(workers.stopping()).isTrue();
        workers.poll(free -> List.of("claim-2"), claim -> { }, (claim, e) -> { });
        answer.countDown();

        assertThat(stopped.await(3, TimeUnit.SECONDS)).as("the stop ends with its works, not its grace").isTrue();
        assertThat(givenBack).as("the work ended: it gave back or finished its claim itself").isEmpty();
        assertThat(interrupted).isEmpty();
    }

    @Test
    void theClaimsOfWorksStillRunningAfterTheGraceAreGivenBack() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        // one deaf to the interrupt (a socket read) on a claim it made itself, one that unwinds on it (a database wait)
        poll(List.of("first"), started, () -> {
            workers.done("first");
            workers.holding("deaf");
            awaitIgnoringInterrupts(never);
        });
        poll(List.of("unwinding"), started, () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("stopped", e);
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        workers.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(GRACE);
        assertThat(givenBack).containsExactlyInAnyOrder("deaf", "unwinding");
        assertThat(interrupted).as("a stop is no failure of the work").isEmpty();
        never.countDown();
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // as a blocking socket read: the interrupt does not end it
            }
        }
    }
}

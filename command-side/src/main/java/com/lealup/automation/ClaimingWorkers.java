package com.lealup.automation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The poll shape of the outbox workers (webhook deliveries and replays, notifications, playbook runs): a fixed pool of
 * daemon threads; each poll claims (under a lease, in the caller's store) only as much work as there are free
 * workers, so nothing claimed waits in a queue while its lease runs out, and works each claim on its own worker. A
 * claim whose work throws is left to its lease: when it expires the work is claimed and done again (at least once).
 */
public final class ClaimingWorkers<T> {

    private final int concurrency;
    private final ExecutorService workers;
    private final AtomicInteger busy = new AtomicInteger();

    /** {@code concurrency} threads named {@code name-1}, {@code name-2}, … */
    public ClaimingWorkers(String name, int concurrency) {
        this.concurrency = concurrency;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Claims up to as many items as workers are free ({@code claim} is not called when none is) and works each on a
     * worker; {@code interrupted} hears of a work that threw (its lease expires and it is taken up again).
     */
    public void poll(IntFunction<List<T>> claim, Consumer<T> work, BiConsumer<T, RuntimeException> interrupted) {
        int free = concurrency - busy.get();
        if (free <= 0) {
            return;
        }
        for (T claimed : claim.apply(free)) {
            busy.incrementAndGet();
            workers.execute(() -> {
                try {
                    work.accept(claimed);
                } catch (RuntimeException e) {
                    interrupted.accept(claimed, e);
                } finally {
                    busy.decrementAndGet();
                }
            });
        }
    }

    /** Stops the workers (at shutdown): an interrupted work is left to its lease. */
    public void shutdown() {
        workers.shutdownNow();
    }

    /**
     * Stops the workers gently (a node's clean stop): the works under way may end, for up to {@code grace}; those
     * still running then are interrupted and left to their leases.
     */
    public void shutdown(Duration grace) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

package com.lealup.automation;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll shape of the outbox workers (webhook deliveries and replays, notifications, playbook runs): a fixed pool of
 * daemon threads; each poll claims (under a lease, in the caller's store) only as much work as there are free
 * workers, so nothing claimed waits in a queue while its lease runs out, and works each claim on its own worker. A
 * claim whose work throws is left to its lease: when it expires the work is claimed and done again (at least once).
 *
 * <p>A node's clean stop ({@link #stop()}) claims no more, lets the works under way end for the workers' grace (a
 * work that loops over its claim checks {@link #stopping()} and gives the rest back itself), interrupts those still
 * running, then gives back the leases of the claims whose works did not end: another node, or this one restarted, goes
 * on with them at once rather than when their leases run out (up to a minute for a webhook subscription). A work that
 * calls out (a webhook, Slack) gets a grace longer than its request timeout: given back while it still waits for its
 * answer, what it did before in its claim but had not recorded yet would be done again by the next holder.
 */
public final class ClaimingWorkers<T> {

    private static final Logger log = LoggerFactory.getLogger(ClaimingWorkers.class);
    /** How long a stop lets works of short steps (a transaction, a page of the store) end before it interrupts them. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** How long an interrupted work has to unwind (and give its claim back itself) before the stop gives it back. */
    private static final Duration UNWIND = Duration.ofSeconds(1);

    private final String name;
    private final int concurrency;
    private final Duration grace;
    private final Consumer<T> giveBack;
    private final ExecutorService workers;
    private final AtomicInteger busy = new AtomicInteger();
    /** Claims whose works have not ended: what a stop gives back. */
    private final Set<T> held = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * {@code concurrency} threads named {@code name-1}, {@code name-2}, …; a stop lets their works end for
     * {@code grace}; {@code giveBack} ends a claim's lease in its store (a no-op when the lease is no longer the
     * claim's).
     */
    public ClaimingWorkers(String name, int concurrency, Duration grace, Consumer<T> giveBack) {
        this.name = name;
        this.concurrency = concurrency;
        this.grace = grace;
        this.giveBack = giveBack;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Claims up to as many items as workers are free ({@code claim} is not called when none is, nor once stopping)
     * and works each on a worker; {@code interrupted} hears of a work that threw (its lease expires and it is taken
     * up again), except one cut by a stop (given back).
     */
    public synchronized void poll(IntFunction<List<T>> claim, Consumer<T> work,
                                  BiConsumer<T, RuntimeException> interrupted) {
        int free = concurrency - busy.get();
        if (stopping || free <= 0) {
            return;
        }
        for (T claimed : claim.apply(free)) {
            held.add(claimed);
            busy.incrementAndGet();
            workers.execute(() -> {
                try {
                    work.accept(claimed);
                    held.remove(claimed);
                } catch (RuntimeException e) {
                    if (!stopping) {
                        held.remove(claimed);
                        interrupted.accept(claimed, e);
                    }
                } finally {
                    busy.decrementAndGet();
                }
            });
        }
    }

    /** A further claim a work made itself: a stop gives it back until the work calls {@link #done}. */
    public void holding(T claim) {
        held.add(claim);
    }

    /** A claim made with {@link #holding} whose work is done. */
    public void done(T claim) {
        held.remove(claim);
    }

    /** Whether the node is stopping: a work between two items of its claim gives the rest back and ends. */
    public boolean stopping() {
        return stopping;
    }

    /** A node's clean stop (see the class): returns once every claim is done or given back. */
    public void stop() {
        if (claimNoMore()) {
            letTheWorksEnd();
        }
    }

    /**
     * {@link #stop()}, claiming no more at once, the rest on a thread of its own, then {@code whenStopped}: the node's
     * workers stop side by side.
     */
    public void stop(Runnable whenStopped) {
        if (!claimNoMore()) {
            whenStopped.run();
            return;
        }
        Thread stop = new Thread(() -> {
            try {
                letTheWorksEnd();
            } finally {
                whenStopped.run();
            }
        }, name + "-stop");
        stop.start();
    }

    /** False when a stop is already under way. */
    private synchronized boolean claimNoMore() {
        if (stopping) {
            return false;
        }
        stopping = true;
        workers.shutdown();
        return true;
    }

    private void letTheWorksEnd() {
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(UNWIND.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (T claim : held) {
            try {
                giveBack.accept(claim);
            } catch (RuntimeException e) {
                // the claim's fields may hold personal data (a notification's text): only the failure is told
                log.warn("A claim of {} left to its lease: {}", name, e.toString());
            }
        }
    }
}

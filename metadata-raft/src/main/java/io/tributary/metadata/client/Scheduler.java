package io.tributary.metadata.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Time and delayed tasks for the client side, injectable so tests move time by hand. */
public interface Scheduler {

    /** Milliseconds on a monotonic clock: only differences mean anything (deadlines, leases). */
    long nowMs();

    /** Runs {@code task} after {@code delayMs}; the returned handle cancels it. */
    Cancellable schedule(long delayMs, Runnable task);

    interface Cancellable {
        void cancel();
    }

    /** A scheduler over a real executor and the system clock. */
    static Scheduler system(ScheduledExecutorService executor) {
        return new Scheduler() {
            @Override
            public long nowMs() {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
            }

            @Override
            public Cancellable schedule(long delayMs, Runnable task) {
                ScheduledFuture<?> f = executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }
        };
    }
}

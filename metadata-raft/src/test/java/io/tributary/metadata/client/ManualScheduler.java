package io.tributary.metadata.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} whose time only moves when a test calls {@link #advance}; due tasks then run on
 * the caller's thread in time order. Thread-safe for scheduling; run it from one test thread.
 */
public final class ManualScheduler implements Scheduler {

    private record Task(long dueMs, long seq, Runnable runnable) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long nowMs;
    private long seq;

    public ManualScheduler(long startMs) {
        this.nowMs = startMs;
    }

    @Override
    public synchronized long nowMs() {
        return nowMs;
    }

    @Override
    public synchronized Cancellable schedule(long delayMs, Runnable task) {
        Task t = new Task(nowMs + delayMs, seq++, task);
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves time forward by {@code ms}, running every task that falls due, in order. */
    public void advance(long ms) {
        long target;
        synchronized (this) {
            target = nowMs + ms;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.dueMs() <= target)
                        .min(Comparator.comparingLong(Task::dueMs).thenComparingLong(Task::seq)).orElse(null);
                if (next == null) {
                    nowMs = target;
                    return;
                }
                tasks.remove(next);
                nowMs = Math.max(nowMs, next.dueMs());
            }
            next.runnable().run();
        }
    }

    public synchronized int pendingTasks() {
        return tasks.size();
    }
}

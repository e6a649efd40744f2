package io.tributary.broker.purgatory;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds delayed operations, each watched under one or more keys (for example a topic-partition),
 * until something happening on a key lets them complete or their timeout expires.
 *
 * <p>Thread-safe. Completed operations are dropped from the watch lists lazily, when their key is
 * next checked, and by a purge once too many have accumulated, so memory stays bounded by the
 * operations actually waiting.
 *
 * @param <K> the key type
 */
public final class DelayedOperationPurgatory<K> {
    private static final int PURGE_THRESHOLD = 1_000;

    private final Timer timer;
    private final ConcurrentHashMap<K, ConcurrentLinkedQueue<DelayedOperation>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger completedSincePurge = new AtomicInteger();

    /** Uses {@code timer} (shared, owned by the caller) for expiry. */
    public DelayedOperationPurgatory(Timer timer) {
        this.timer = timer;
    }

    /**
     * Completes {@code op} at once if it can; otherwise watches it under {@code keys} until it can
     * or until it times out. Returns whether it completed during this call.
     */
    public boolean tryCompleteElseWatch(DelayedOperation op, Collection<K> keys) {
        if (op.safeTryComplete()) {
            return true;
        }
        for (K key : keys) {
            // Added inside compute: a concurrent check that finds the list empty removes it only
            // inside computeIfPresent on the same key, so an op is never added to a list that has
            // just been dropped from the map (where no check would ever find it: a lost wake-up
            // that held an acks=all produce until its timeout).
            watchers.compute(key, (k, ops) -> {
                ConcurrentLinkedQueue<DelayedOperation> list = ops != null ? ops : new ConcurrentLinkedQueue<>();
                list.add(op);
                return list;
            });
        }
        // Something may have changed between the first check and the watch: check again.
        if (op.safeTryComplete()) {
            return true;
        }
        Timeout timeout = timer.newTimeout(t -> op.expire(), op.timeoutMs(), TimeUnit.MILLISECONDS);
        op.setCancelTimer(timeout::cancel);
        return false;
    }

    /** Tries to complete the operations watching {@code key}; returns how many completed. */
    public int checkAndComplete(K key) {
        ConcurrentLinkedQueue<DelayedOperation> ops = watchers.get(key);
        if (ops == null) {
            return 0;
        }
        int done = 0;
        for (var it = ops.iterator(); it.hasNext(); ) {
            DelayedOperation op = it.next();
            if (op.isCompleted()) {
                it.remove();
            } else if (op.safeTryComplete()) {
                it.remove();
                done++;
            }
        }
        removeIfEmpty(key);
        if (completedSincePurge.addAndGet(done) > PURGE_THRESHOLD) {
            purgeCompleted();
        }
        return done;
    }

    /** Completes every operation watching {@code key} now (leadership lost, partition deleted). */
    public void completeAll(K key) {
        ConcurrentLinkedQueue<DelayedOperation> ops = watchers.remove(key);
        if (ops != null) {
            ops.forEach(DelayedOperation::forceComplete);
        }
    }

    /** Operations still waiting, counted once per key they watch. */
    public int watched() {
        purgeCompleted();
        return watchers.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum();
    }

    private void purgeCompleted() {
        completedSincePurge.set(0);
        for (K key : List.copyOf(watchers.keySet())) {
            ConcurrentLinkedQueue<DelayedOperation> ops = watchers.get(key);
            if (ops != null) {
                ops.removeIf(DelayedOperation::isCompleted);
                removeIfEmpty(key);
            }
        }
    }

    /** Drops the key's watch list if it is empty, atomically with respect to additions. */
    private void removeIfEmpty(K key) {
        watchers.computeIfPresent(key, (k, ops) -> ops.isEmpty() ? null : ops);
    }
}

package io.tributary.metadata.quorum;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Futures that complete once the local state machine has applied a given log index; lets a
 * proposal made on a follower complete only when its entry is visible locally (read-your-writes).
 * Thread-safe: waiters are added from client threads and released from the apply thread. The lock
 * is held only to move futures in and out of the map; they are completed outside it.
 */
final class AppliedIndexWaiters {

    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private long appliedIndex = -1;

    /** Completes when {@code index} has been applied (at once if it already has). */
    CompletableFuture<Void> await(long index) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (this) {
            if (appliedIndex < index) {
                waiters.computeIfAbsent(index, k -> new ArrayList<>()).add(future);
                return future;
            }
        }
        future.complete(null);
        return future;
    }

    /** Records that everything up to {@code index} is applied and releases the waiters for it. */
    void advanceTo(long index) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        synchronized (this) {
            if (index <= appliedIndex) {
                return;
            }
            appliedIndex = index;
            drainTo(index, ready);
        }
        ready.forEach(f -> f.complete(null));
    }

    /** Fails every waiter, e.g. when the node shuts down. */
    void failAll(Throwable cause) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            drainTo(Long.MAX_VALUE, all);
        }
        all.forEach(f -> f.completeExceptionally(cause));
    }

    private void drainTo(long upTo, List<CompletableFuture<Void>> out) {
        Iterator<Map.Entry<Long, List<CompletableFuture<Void>>>> it = waiters.headMap(upTo, true).entrySet().iterator();
        while (it.hasNext()) {
            out.addAll(it.next().getValue());
            it.remove();
        }
    }
}

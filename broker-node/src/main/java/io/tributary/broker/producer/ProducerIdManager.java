package io.tributary.broker.producer;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Hands out producer ids for idempotent producers from blocks the controller allocates to this
 * broker (1000 at a time, like Kafka's ProducerIdsBlock), so InitProducerId rarely waits on the
 * quorum: the next block is requested when the current one is 90% used.
 *
 * <p>Thread-safe. At most one block request is in flight.
 */
public final class ProducerIdManager {

    /** A block of ids {@code [start, start + length)}. */
    public record Block(long start, int length) {
    }

    private final Supplier<CompletableFuture<Block>> blockSource;
    private final ArrayDeque<CompletableFuture<Long>> waiters = new ArrayDeque<>();
    private long next;
    private long end; // exclusive
    private int blockLength;
    private Block prefetched;
    private CompletableFuture<Block> inFlight;

    /** @param blockSource asks the controller for the next block of this broker */
    public ProducerIdManager(Supplier<CompletableFuture<Block>> blockSource) {
        this.blockSource = blockSource;
    }

    /** The next unused producer id; completes when one is available. */
    public synchronized CompletableFuture<Long> nextProducerId() {
        if (next >= end && prefetched != null) {
            useBlock(prefetched);
            prefetched = null;
        }
        if (next < end) {
            long id = next++;
            maybePrefetch();
            return CompletableFuture.completedFuture(id);
        }
        CompletableFuture<Long> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        requestBlock();
        return waiter;
    }

    private void useBlock(Block block) {
        next = block.start();
        end = block.start() + block.length();
        blockLength = block.length();
    }

    private void maybePrefetch() {
        long remaining = end - next;
        if (prefetched == null && inFlight == null && remaining * 10 < blockLength) {
            requestBlock();
        }
    }

    private void requestBlock() {
        if (inFlight != null) {
            return;
        }
        CompletableFuture<Block> request = blockSource.get();
        inFlight = request;
        request.whenComplete((block, error) -> onBlock(block, error));
    }

    private void onBlock(Block block, Throwable error) {
        java.util.List<CompletableFuture<Long>> ready = new java.util.ArrayList<>();
        java.util.List<CompletableFuture<Long>> failed = new java.util.ArrayList<>();
        java.util.List<Long> ids = new java.util.ArrayList<>();
        synchronized (this) {
            inFlight = null;
            if (error != null || block == null || block.length() <= 0) {
                failed.addAll(waiters);
                waiters.clear();
            } else if (next >= end) {
                useBlock(block);
                while (!waiters.isEmpty() && next < end) {
                    ready.add(waiters.poll());
                    ids.add(next++);
                }
                if (!waiters.isEmpty()) {
                    requestBlock();
                }
            } else {
                prefetched = block;
            }
        }
        // Complete outside the lock: callers' continuations may call back in.
        for (int i = 0; i < ready.size(); i++) {
            ready.get(i).complete(ids.get(i));
        }
        Throwable cause = error != null ? error : new IllegalStateException("the controller returned an empty producer-id block");
        failed.forEach(f -> f.completeExceptionally(cause));
    }
}

package io.tributary.broker.network.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts responses back into request order. Kafka clients pipeline requests on one connection and
 * expect the responses in the order they sent them, yet our handlers complete asynchronously (a
 * delayed produce may finish after a later metadata request). Each request takes a slot when it
 * arrives; a slot is released, with its response, only when every earlier slot has been.
 *
 * <p>Pure and not thread-safe: confined to the connection's event-loop thread.
 *
 * @param <R> the response type; {@code null} marks a request that gets no response (acks=0)
 */
public final class ResponseSequencer<R> {

    /** One request's place in the order. */
    public static final class Slot<R> {
        private R response;
        private boolean done;

        private Slot() {
        }
    }

    private final ArrayDeque<Slot<R>> slots = new ArrayDeque<>();

    /** Reserves the next place in the order for a request that has just arrived. */
    public Slot<R> reserve() {
        Slot<R> slot = new Slot<>();
        slots.addLast(slot);
        return slot;
    }

    /**
     * Records the response for a slot and returns the responses that may now be written, in order
     * (without the {@code null}s of requests that need no response).
     */
    public List<R> complete(Slot<R> slot, R response) {
        if (slot.done) {
            throw new IllegalStateException("slot completed twice");
        }
        slot.done = true;
        slot.response = response;
        List<R> ready = new ArrayList<>(1);
        while (!slots.isEmpty() && slots.peekFirst().done) {
            R head = slots.pollFirst().response;
            if (head != null) {
                ready.add(head);
            }
        }
        return ready;
    }

    /** Requests that have arrived and whose response has not yet been released. */
    public int inflight() {
        return slots.size();
    }
}

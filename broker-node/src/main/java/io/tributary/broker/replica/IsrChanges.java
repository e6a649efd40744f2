package io.tributary.broker.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the ISR a leader should propose from the committed ISR and its followers' progress, as
 * Kafka's {@code Partition.maybeShrinkIsr}/{@code maybeExpandIsr} do: drop out-of-sync followers,
 * add caught-up ones, never drop the leader itself. Kafka lets the ISR shrink down to the leader
 * alone (acks=all is then refused by min.insync.replicas rather than by the ISR change), and so does
 * this. Members keep the replica-assignment order.
 *
 * <p>Pure and stateless.
 */
final class IsrChanges {
    private IsrChanges() {
    }

    /**
     * The new ISR, or empty when nothing should change.
     *
     * @param leaderId this broker
     * @param replicas the partition's replicas in assignment order
     * @param isr the committed ISR
     * @param outOfSync ISR followers that have lagged past {@code replica.lag.time.max.ms}
     * @param readyToJoin followers outside the ISR that have caught up
     */
    static Optional<List<Integer>> plan(int leaderId, List<Integer> replicas, List<Integer> isr, Set<Integer> outOfSync,
                                        Set<Integer> readyToJoin) {
        List<Integer> next = new ArrayList<>();
        for (int r : replicas) {
            boolean keep = isr.contains(r) && (r == leaderId || !outOfSync.contains(r));
            boolean join = !isr.contains(r) && readyToJoin.contains(r);
            if (keep || join) {
                next.add(r);
            }
        }
        if (!next.contains(leaderId)) {
            return Optional.empty(); // not a leader of this assignment: propose nothing
        }
        if (Set.copyOf(next).equals(Set.copyOf(isr))) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(next));
    }
}

package io.tributary.metadata.controller;

import io.tributary.metadata.image.PartitionRegistration;
import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.PartitionChangeRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.apache.kafka.common.Uuid;

/**
 * Computes the change to one partition for a target ISR and an election mode, KRaft-style:
 * <ul>
 *   <li>the ISR is never emptied: if the target ISR is empty the current ISR is kept, so that the
 *       last in-sync replica returns as leader when it comes back (v1 has no ELR);</li>
 *   <li>the leader is always a member of the resulting ISR, or there is none ({@code -1});</li>
 *   <li>an unclean election shrinks the ISR to the new leader and marks it RECOVERING.</li>
 * </ul>
 * Pure and stateless.
 */
public final class PartitionChangeBuilder {

    private PartitionChangeBuilder() {
    }

    /**
     * @param targetIsr  the wanted ISR, or null to keep the current one
     * @param acceptable which brokers may lead (live: registered, unfenced, not shutting down)
     * @return the change, or empty when nothing would change
     */
    public static Optional<PartitionChangeRecord> build(Uuid topicId, int partitionId, PartitionRegistration p,
                                                        List<Integer> targetIsr, ElectionMode mode,
                                                        IntPredicate acceptable) {
        List<Integer> isr = targetIsr == null || targetIsr.isEmpty() ? p.isr() : List.copyOf(targetIsr);
        int leader = PartitionChangeRecord.NO_LEADER;
        LeaderRecoveryState recovery = p.leaderRecoveryState();
        if (mode == ElectionMode.PREFERRED) {
            int preferred = p.preferredLeader();
            if (preferred >= 0 && isr.contains(preferred) && acceptable.test(preferred)) {
                leader = preferred;
            }
        }
        if (leader < 0 && p.leader() >= 0 && isr.contains(p.leader()) && acceptable.test(p.leader())) {
            leader = p.leader();
        }
        if (leader < 0) {
            for (int r : p.replicas()) {
                if (isr.contains(r) && acceptable.test(r)) {
                    leader = r;
                    break;
                }
            }
        }
        if (leader < 0 && mode == ElectionMode.UNCLEAN) {
            for (int r : p.replicas()) {
                if (acceptable.test(r)) {
                    leader = r;
                    isr = List.of(r);
                    recovery = LeaderRecoveryState.RECOVERING;
                    break;
                }
            }
        }
        boolean isrChanged = !isr.equals(p.isr());
        boolean leaderChanged = leader != p.leader();
        boolean recoveryChanged = recovery != p.leaderRecoveryState();
        if (!isrChanged && !leaderChanged && !recoveryChanged) {
            return Optional.empty();
        }
        return Optional.of(new PartitionChangeRecord(topicId, partitionId, isrChanged ? isr : null,
                leaderChanged ? leader : PartitionChangeRecord.NO_CHANGE, null, null, null,
                recoveryChanged ? recovery : null));
    }

    /** The ISR without {@code removed}; may be empty (then {@link #build} keeps the current ISR). */
    public static List<Integer> without(List<Integer> isr, IntPredicate removed) {
        return isr.stream().filter(r -> !removed.test(r)).toList();
    }
}

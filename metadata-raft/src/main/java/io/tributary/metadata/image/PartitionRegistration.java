package io.tributary.metadata.image;

import io.tributary.metadata.record.LeaderRecoveryState;
import io.tributary.metadata.record.PartitionChangeRecord;
import io.tributary.metadata.record.PartitionRecord;
import java.util.List;

/** The replicated state of one partition. Immutable. */
public record PartitionRegistration(List<Integer> replicas, List<Integer> isr, List<Integer> removingReplicas,
                                    List<Integer> addingReplicas, int leader, LeaderRecoveryState leaderRecoveryState,
                                    int leaderEpoch, int partitionEpoch) {

    public PartitionRegistration {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        removingReplicas = removingReplicas == null ? List.of() : List.copyOf(removingReplicas);
        addingReplicas = addingReplicas == null ? List.of() : List.copyOf(addingReplicas);
        leaderRecoveryState = leaderRecoveryState == null ? LeaderRecoveryState.RECOVERED : leaderRecoveryState;
    }

    public static PartitionRegistration from(PartitionRecord r) {
        return new PartitionRegistration(r.replicas(), r.isr(), r.removingReplicas(), r.addingReplicas(), r.leader(),
                r.leaderRecoveryState(), r.leaderEpoch(), r.partitionEpoch());
    }

    public boolean hasLeader() {
        return leader >= 0;
    }

    public int preferredLeader() {
        return replicas.isEmpty() ? -1 : replicas.get(0);
    }

    /**
     * Applies a change: the partition epoch always grows by one, the leader epoch grows when the
     * leader changes or replicas are removed (KRaft semantics; an ISR shrink alone does not bump it).
     */
    public PartitionRegistration merge(PartitionChangeRecord change) {
        int newLeader = change.leader() == PartitionChangeRecord.NO_CHANGE ? leader : change.leader();
        boolean leaderChanged = newLeader != leader;
        // KRaft bumps the leader epoch too when replicas leave (a reassignment completes or is
        // cancelled), so that the removed replicas' fetches are fenced.
        boolean replicasRemoved = change.replicas() != null && !change.replicas().containsAll(replicas);
        return new PartitionRegistration(
                change.replicas() == null ? replicas : change.replicas(),
                change.isr() == null ? isr : change.isr(),
                change.removingReplicas() == null ? removingReplicas : change.removingReplicas(),
                change.addingReplicas() == null ? addingReplicas : change.addingReplicas(),
                newLeader,
                change.leaderRecoveryState() == null ? leaderRecoveryState : change.leaderRecoveryState(),
                leaderChanged || replicasRemoved ? leaderEpoch + 1 : leaderEpoch,
                partitionEpoch + 1);
    }
}

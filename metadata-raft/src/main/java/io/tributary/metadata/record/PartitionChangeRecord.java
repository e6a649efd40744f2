package io.tributary.metadata.record;

import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * Only the fields of a partition that change: a null list or state means "unchanged", and
 * {@code leader == NO_CHANGE} (-2) means the leader is unchanged. Applying it always bumps the
 * partition epoch, and bumps the leader epoch when the leader changes or replicas are removed
 * (KRaft semantics).
 */
public record PartitionChangeRecord(Uuid topicId, int partitionId, List<Integer> isr, int leader,
                                    List<Integer> replicas, List<Integer> removingReplicas,
                                    List<Integer> addingReplicas, LeaderRecoveryState leaderRecoveryState)
        implements MetadataRecord {

    /** {@link #leader()} value meaning the leader does not change. */
    public static final int NO_CHANGE = -2;

    /** Value of a leader field meaning the partition has no leader. */
    public static final int NO_LEADER = -1;

    public PartitionChangeRecord {
        isr = isr == null ? null : List.copyOf(isr);
        replicas = replicas == null ? null : List.copyOf(replicas);
        removingReplicas = removingReplicas == null ? null : List.copyOf(removingReplicas);
        addingReplicas = addingReplicas == null ? null : List.copyOf(addingReplicas);
    }

    /** A change of ISR and/or leader only (the common case). */
    public static PartitionChangeRecord of(Uuid topicId, int partitionId, List<Integer> isr, int leader) {
        return new PartitionChangeRecord(topicId, partitionId, isr, leader, null, null, null, null);
    }

    /** This change, also setting the leader recovery state. */
    public PartitionChangeRecord withLeaderRecoveryState(LeaderRecoveryState state) {
        return new PartitionChangeRecord(topicId, partitionId, isr, leader, replicas, removingReplicas, addingReplicas, state);
    }
}

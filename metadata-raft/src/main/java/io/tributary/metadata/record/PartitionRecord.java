package io.tributary.metadata.record;

import java.util.List;
import org.apache.kafka.common.Uuid;

/** The full registration of one partition (on creation, or when partitions are added). */
public record PartitionRecord(Uuid topicId, int partitionId, List<Integer> replicas, List<Integer> isr,
                              List<Integer> removingReplicas, List<Integer> addingReplicas, int leader,
                              LeaderRecoveryState leaderRecoveryState, int leaderEpoch, int partitionEpoch)
        implements MetadataRecord {
    public PartitionRecord {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        removingReplicas = removingReplicas == null ? List.of() : List.copyOf(removingReplicas);
        addingReplicas = addingReplicas == null ? List.of() : List.copyOf(addingReplicas);
        leaderRecoveryState = leaderRecoveryState == null ? LeaderRecoveryState.RECOVERED : leaderRecoveryState;
    }
}

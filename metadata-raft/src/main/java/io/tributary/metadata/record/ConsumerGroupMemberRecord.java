package io.tributary.metadata.record;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A member of a KIP-848 consumer group as persisted: what it subscribed to, its epochs and
 * reconciliation state, the partitions it owns ({@code assigned}), those it still has to give back
 * ({@code pendingRevocation}) and its target assignment. Partitions are topic id → partition numbers.
 */
public record ConsumerGroupMemberRecord(String memberId, String instanceId, String rackId, String clientId,
                                        String clientHost, int rebalanceTimeoutMs, List<String> subscribedTopicNames,
                                        String subscribedTopicRegex, String serverAssignor, int memberEpoch,
                                        int previousMemberEpoch, String state, Map<Uuid, List<Integer>> assigned,
                                        Map<Uuid, List<Integer>> pendingRevocation, Map<Uuid, List<Integer>> target) {
    public ConsumerGroupMemberRecord {
        subscribedTopicNames = subscribedTopicNames == null ? List.of() : List.copyOf(subscribedTopicNames);
        assigned = assigned == null ? Map.of() : Map.copyOf(assigned);
        pendingRevocation = pendingRevocation == null ? Map.of() : Map.copyOf(pendingRevocation);
        target = target == null ? Map.of() : Map.copyOf(target);
    }
}

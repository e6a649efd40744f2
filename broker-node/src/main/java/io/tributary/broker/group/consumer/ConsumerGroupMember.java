package io.tributary.broker.group.consumer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * One member of a consumer group: what it told the coordinator (subscription, assignor, rack,
 * rebalance timeout), its epochs and reconciliation state, the partitions it owns and those it must
 * still revoke. Immutable; the group replaces a member with an updated copy.
 *
 * @param memberEpoch the member's epoch; {@link #LEFT_STATIC} for a static member that left temporarily
 */
public record ConsumerGroupMember(String memberId, String instanceId, String rackId, String clientId, String clientHost,
                                  int rebalanceTimeoutMs, List<String> subscribedTopicNames, String subscribedTopicRegex,
                                  String serverAssignor, int memberEpoch, int previousMemberEpoch, MemberState state,
                                  Map<Uuid, Set<Integer>> assigned, Map<Uuid, Set<Integer>> pendingRevocation) {
    /** Epoch of a static member that left and is expected back (request epoch -2). */
    public static final int LEFT_STATIC = -2;

    public ConsumerGroupMember {
        subscribedTopicNames = subscribedTopicNames == null ? List.of() : List.copyOf(subscribedTopicNames);
        assigned = Partitions.copyOf(assigned);
        pendingRevocation = Partitions.copyOf(pendingRevocation);
    }

    public static ConsumerGroupMember joining(String memberId) {
        return new ConsumerGroupMember(memberId, null, null, "", "", -1, List.of(), null, null, 0, 0, MemberState.STABLE,
                Partitions.NONE, Partitions.NONE);
    }

    public ConsumerGroupMember withMetadata(String instanceId, String rackId, String clientId, String clientHost,
                                            int rebalanceTimeoutMs) {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, rebalanceTimeoutMs,
                subscribedTopicNames, subscribedTopicRegex, serverAssignor, memberEpoch, previousMemberEpoch, state,
                assigned, pendingRevocation);
    }

    public ConsumerGroupMember withSubscription(List<String> topicNames, String topicRegex, String assignor) {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, rebalanceTimeoutMs,
                topicNames, topicRegex, assignor, memberEpoch, previousMemberEpoch, state, assigned, pendingRevocation);
    }

    public ConsumerGroupMember withAssignment(int newMemberEpoch, int newPreviousEpoch, MemberState newState,
                                              Map<Uuid, Set<Integer>> newAssigned, Map<Uuid, Set<Integer>> newPending) {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, rebalanceTimeoutMs,
                subscribedTopicNames, subscribedTopicRegex, serverAssignor, newMemberEpoch, newPreviousEpoch, newState,
                newAssigned, newPending);
    }

    /** The same member under a new member id (a static member's replacement). */
    public ConsumerGroupMember withMemberId(String newMemberId) {
        return new ConsumerGroupMember(newMemberId, instanceId, rackId, clientId, clientHost, rebalanceTimeoutMs,
                subscribedTopicNames, subscribedTopicRegex, serverAssignor, memberEpoch, previousMemberEpoch, state,
                assigned, pendingRevocation);
    }

    /** The partitions this member holds: those it may use and those it has not given back yet. */
    public Map<Uuid, Set<Integer>> owned() {
        return pendingRevocation.isEmpty() ? assigned : Partitions.union(assigned, pendingRevocation);
    }
}

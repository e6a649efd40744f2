package io.tributary.broker.group.consumer;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.apache.kafka.common.Uuid;

/** A server-side assignor: computes every member's target assignment from the group's subscriptions. Pure. */
public interface PartitionAssignor {
    /** The name clients ask for in {@code group.remote.assignor}. */
    String name();

    /** Member id → partitions; every member of the spec gets an entry (possibly empty). */
    Map<String, Map<Uuid, Set<Integer>>> assign(AssignmentSpec spec);

    /** A member as the assignor sees it: the topics it subscribes to and its current target assignment. */
    record MemberSpec(Set<Uuid> subscribedTopics, Map<Uuid, Set<Integer>> currentTarget) {
    }

    /** The members (sorted by id, for deterministic results) and the partition counts of the subscribed topics. */
    record AssignmentSpec(SortedMap<String, MemberSpec> members, Map<Uuid, Integer> partitionCounts) {
    }
}

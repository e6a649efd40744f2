package io.tributary.metadata.record;

import java.util.List;
import java.util.Map;

/**
 * The persisted state of a KIP-848 consumer group (replaces the previous one): the group epoch, the
 * epoch of the target assignment, the partition counts of the subscribed topics the target was
 * computed from, and every member with its subscription, current assignment and target. Session
 * deadlines are not persisted: a coordinator that loads the group gives every member a fresh session.
 */
public record ConsumerGroupRecord(String groupId, int groupEpoch, int assignmentEpoch,
                                  Map<String, Integer> subscribedTopicPartitions,
                                  List<ConsumerGroupMemberRecord> members) implements MetadataRecord {
    public ConsumerGroupRecord {
        subscribedTopicPartitions = subscribedTopicPartitions == null ? Map.of() : Map.copyOf(subscribedTopicPartitions);
        members = members == null ? List.of() : List.copyOf(members);
    }
}

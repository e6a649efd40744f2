package io.tributary.metadata.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tributary.metadata.record.ConsumerGroupRecord;
import io.tributary.metadata.record.GroupMember;
import java.util.List;

/**
 * The persisted state of a group: a classic group (protocol, generation, members), or, when
 * {@code consumerGroup} is set, a KIP-848 consumer group whose whole state that record holds.
 */
public record GroupImage(String groupId, String protocolType, String protocol, int generation, String leader,
                         List<GroupMember> members,
                         // Snapshots keep consumer groups in a list of their own (MetadataSnapshot).
                         @JsonIgnore
                         ConsumerGroupRecord consumerGroup) {
    public GroupImage {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** A classic group. */
    public GroupImage(String groupId, String protocolType, String protocol, int generation, String leader,
                      List<GroupMember> members) {
        this(groupId, protocolType, protocol, generation, leader, members, null);
    }

    /** A KIP-848 consumer group. */
    public static GroupImage of(ConsumerGroupRecord record) {
        return new GroupImage(record.groupId(), "consumer", "", record.groupEpoch(), "", List.of(), record);
    }

    public boolean isConsumerGroup() {
        return consumerGroup != null;
    }
}

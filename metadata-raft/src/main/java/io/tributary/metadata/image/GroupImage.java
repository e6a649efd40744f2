package io.tributary.metadata.image;

import io.tributary.metadata.record.GroupMember;
import java.util.List;

/** The persisted state of a classic consumer group. */
public record GroupImage(String groupId, String protocolType, String protocol, int generation, String leader,
                         List<GroupMember> members) {
    public GroupImage {
        members = members == null ? List.of() : List.copyOf(members);
    }
}

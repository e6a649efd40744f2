package io.tributary.metadata.record;

import java.util.List;

/** The persisted state of a classic group after a completed rebalance (replaces the previous one). */
public record GroupRecord(String groupId, String protocolType, String protocol, int generation, String leader,
                          List<GroupMember> members) implements MetadataRecord {
    public GroupRecord {
        members = members == null ? List.of() : List.copyOf(members);
    }
}

package io.tributary.broker.group;

import io.tributary.metadata.image.CommittedOffset;
import io.tributary.metadata.image.PartitionKey;
import io.tributary.metadata.record.GroupTombstoneRecord;
import io.tributary.metadata.record.MetadataRecord;
import io.tributary.metadata.record.OffsetDeleteRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which committed offsets {@code offsets.retention.minutes} expires. Offsets of a group with members
 * are kept; an empty group's offsets expire one by one, {@code retentionMs} after their commit, and
 * the group itself is deleted with its last offset (Kafka counts from when the group became empty,
 * which is not persisted here; the commit time is the same or earlier). Pure.
 */
final class OffsetRetention {
    private OffsetRetention() {
    }

    /** The records that expire {@code groupId}'s offsets at {@code nowMs}; empty when nothing expires. */
    static List<MetadataRecord> expire(String groupId, boolean groupIsEmpty, boolean groupIsPersisted,
                                       Map<PartitionKey, CommittedOffset> offsets, long nowMs, long retentionMs) {
        if (!groupIsEmpty || offsets.isEmpty()) {
            return List.of();
        }
        List<MetadataRecord> records = new ArrayList<>();
        offsets.forEach((pk, o) -> {
            if (o.commitTimestampMs() + retentionMs <= nowMs) {
                records.add(new OffsetDeleteRecord(groupId, pk.topicId(), pk.partitionId()));
            }
        });
        if (records.size() == offsets.size() && groupIsPersisted) {
            // The tombstone removes the offsets too.
            return List.of(new GroupTombstoneRecord(groupId));
        }
        return records;
    }
}

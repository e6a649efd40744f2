package io.tributary.metadata.record;

import org.apache.kafka.common.Uuid;

/** A committed offset of a group was deleted. */
public record OffsetDeleteRecord(String groupId, Uuid topicId, int partition) implements MetadataRecord {
}

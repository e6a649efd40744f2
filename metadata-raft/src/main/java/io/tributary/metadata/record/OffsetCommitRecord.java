package io.tributary.metadata.record;

import org.apache.kafka.common.Uuid;

/** A committed offset of a group for one partition (replaces the previous one). */
public record OffsetCommitRecord(String groupId, Uuid topicId, int partition, long offset, int leaderEpoch,
                                 String metadata, long commitTimestampMs) implements MetadataRecord {
}

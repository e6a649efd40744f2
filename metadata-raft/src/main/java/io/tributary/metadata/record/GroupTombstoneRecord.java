package io.tributary.metadata.record;

/** A group was deleted, with its committed offsets. */
public record GroupTombstoneRecord(String groupId) implements MetadataRecord {
}
